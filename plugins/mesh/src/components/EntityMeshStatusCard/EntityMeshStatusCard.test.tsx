import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import {
  checkoutStatus,
  loggingStackStatus,
  noWorkloadsStatus,
  notInMeshStatus,
  productpageStatus,
  reviewsStatus,
  unknownStatus,
} from '../../__fixtures__/entityStatusFixtures';
import { renderEntityComponent } from '../../__testUtils__/renderEntityComponent';
import { EntityMeshStatusCard } from './EntityMeshStatusCard';

const answering = (value: unknown) => ({
  getEntityStatus: jest.fn(async () => value as any),
});

describe('EntityMeshStatusCard', () => {
  it('shows a progress bar while loading', async () => {
    await renderEntityComponent(<EntityMeshStatusCard />, {
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(screen.getByText('Service mesh')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('answers "healthy" for productpage, with its mode, mTLS and certificate', async () => {
    const api = answering(productpageStatus);
    await renderEntityComponent(<EntityMeshStatusCard />, api);
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(api.getEntityStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'productpage',
    });
    expect(screen.getByText('Sidecar · 1-24-3')).toBeInTheDocument();
    expect(screen.getByText('STRICT')).toBeInTheDocument();
    expect(
      screen.getByText('productpage.bookinfo.appk8s.com'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/bookinfo\/bookinfo-gateway \(\s*MUTUAL\s*\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Ready · 62 days left')).toBeInTheDocument();
    expect(screen.getByText('None')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /mesh details/i })).toHaveAttribute(
      'href',
      '/catalog/default/component/productpage/mesh',
    );
  });

  it('counts the reviews pod that must be restarted', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(reviewsStatus),
    );
    expect(await screen.findByText('1 pod to restart')).toBeInTheDocument();
    expect(screen.getByText('Needs attention')).toBeInTheDocument();
    expect(screen.getByText('Sidecar · 1-23-2, 1-24-3')).toBeInTheDocument();
  });

  it('puts the broken certificate first and shows days to expiry of the other', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(checkoutStatus),
    );
    expect(await screen.findByText('Problems found')).toBeInTheDocument();
    expect(screen.getByText('Expiring · 5 days left')).toBeInTheDocument();
    expect(screen.getByText('Not ready')).toBeInTheDocument();
    const top = screen.getByRole('list', { name: 'Most severe findings' });
    const codes = within(top)
      .getAllByLabelText(/^Code /)
      .map(c => c.textContent);
    expect(codes).toEqual(['MW302', 'MW303']);
  });

  it('summarizes the broken ECK set with its failing Istio checks', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(loggingStackStatus),
    );
    expect(await screen.findByText('Yellow · Ready')).toBeInTheDocument();
    expect(screen.getByText('Red · ApplyingChanges')).toBeInTheDocument();
    // The resources' own checks, and the operator's once (not per resource).
    expect(screen.getByText('2 Istio checks failing')).toBeInTheDocument();
    expect(screen.getAllByText('1 Istio check failing')).toHaveLength(2);
    expect(screen.getByText(/^ECK operator/)).toBeInTheDocument();
  });

  it('says "not in the mesh" with what to label', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(notInMeshStatus),
    );
    expect(await screen.findByText('Not in the mesh')).toBeInTheDocument();
    expect(
      screen.getByText('istio.io/dataplane-mode=ambient'),
    ).toBeInTheDocument();
    expect(screen.getByText('Not in mesh')).toBeInTheDocument();
  });

  it('says "no workloads match" with the selector, distinct from not in mesh', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(noWorkloadsStatus),
    );
    expect(
      await screen.findByText('No workloads match these annotations'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=ghost'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not in the mesh')).not.toBeInTheDocument();
  });

  it('says unknown, with the reason and the fix, when pods cannot be read', async () => {
    await renderEntityComponent(
      <EntityMeshStatusCard />,
      answering(unknownStatus),
    );
    expect(await screen.findByText('Mesh status unknown')).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster demo: unknown \(access denied\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/cannot list resource "pods"/, { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Grant the portal's Kubernetes credentials/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
  });

  it('explains a denied request and offers a retry', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'mesh.status.read denied' },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    const api = { getEntityStatus: jest.fn(async () => Promise.reject(error)) };
    await renderEntityComponent(<EntityMeshStatusCard />, api);
    expect(await screen.findByText('Access denied')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
