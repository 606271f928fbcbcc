import { screen, within } from '@testing-library/react';
import {
  checkoutStatus,
  loggingStackStatus,
  noSelectionStatus,
  notInMeshStatus,
  productpageStatus,
  reviewsStatus,
  unknownStatus,
} from '../../__fixtures__/entityStatusFixtures';
import { renderEntityComponent } from '../../__testUtils__/renderEntityComponent';
import { EntityMeshContent } from './EntityMeshContent';

const answering = (value: unknown) => ({
  getEntityStatus: async () => value as any,
});

describe('EntityMeshContent', () => {
  it('shows progress while loading', async () => {
    await renderEntityComponent(<EntityMeshContent />, {
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains productpage: STRICT from the mesh-wide policy, the exposure chain and who may call', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(productpageStatus),
    );
    expect(await screen.findByText('Healthy')).toBeInTheDocument();

    const ports = screen.getByRole('table', {
      name: 'mTLS per port of productpage-v1',
    });
    expect(within(ports).getByText('STRICT')).toBeInTheDocument();
    // The policy's name is one unbreakable element inside the sentence.
    expect(
      within(ports)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toContain('Mesh-wide: STRICT (PeerAuthentication istio-system/default)');

    const route = screen.getByRole('list', {
      name: 'Route of productpage.bookinfo.appk8s.com',
    });
    const steps = within(route)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(steps[0]).toMatch(
      /^Gateway \(Istio\)bookinfo\/bookinfo-gateway · HTTPS 443 · MUTUAL/,
    );
    expect(steps[1]).toMatch(/^VirtualServicebookinfo\/productpage/);
    expect(
      steps.some(s =>
        /^credentialNamebookinfo-ingressgateway-certs/.test(s ?? ''),
      ),
    ).toBe(true);
    expect(
      steps.some(s =>
        /^Certificateistio-system\/bookinfo-ingressgateway-certs.*Ready · 62 days left/.test(
          s ?? '',
        ),
      ),
    ).toBe(true);
    expect(
      steps.some(s =>
        /^Issueristio-system\/vault-issuer \(vault\)/.test(s ?? ''),
      ),
    ).toBe(true);

    expect(
      screen.getByText('Only the sources ALLOW policies admit'),
    ).toBeInTheDocument();
    // In the union of admitted sources and in the policy's own rule.
    expect(
      screen.getAllByText('istio-system', { selector: 'code' }).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('ALLOW from namespaces istio-system'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No findings: every check passed for this service.'),
    ).toBeInTheDocument();
  });

  it('marks the reviews pod on the old revision for restart and lists the MW105 fix', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(reviewsStatus),
    );
    const workloads = await screen.findByRole('table', {
      name: 'Workloads and proxies',
    });
    const oldPod = within(workloads)
      .getByText('reviews-v1-5b4f7-old')
      .closest('div')!;
    expect(
      within(oldPod as HTMLElement).getByText('Restart'),
    ).toBeInTheDocument();
    expect(oldPod.textContent).toContain('1-23-2 · 1.23.2');
    const newPod = within(workloads)
      .getByText('reviews-v2-6c8d9-aaaaa')
      .closest('div')!;
    expect(
      within(newPod as HTMLElement).queryByText('Restart'),
    ).not.toBeInTheDocument();
    const findings = screen.getByRole('list', { name: 'All findings' });
    expect(
      within(findings).getByText(
        /kubectl rollout restart deployment\/reviews-v1/,
      ),
    ).toBeInTheDocument();
    expect(
      within(findings).getByLabelText('istioctl analyze code IST0158'),
    ).toBeInTheDocument();
  });

  it('shows each ECK check of the logs set, failures first, with what to change', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(loggingStackStatus),
    );
    const checks = await screen.findByRole('table', {
      name: 'Istio compatibility checks of Elasticsearch logs',
    });
    const rows = within(checks).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual(['Fail', 'Fail', 'Pass']);
    expect(
      within(checks).getByText(/excludeOutboundPorts lacks 9300/),
    ).toBeInTheDocument();
    // What was seen, then the finding's concrete change.
    const transport = rows.find(r => r.textContent?.includes('MW503'))!;
    expect(transport.textContent).toMatch(
      /Change: Add traffic.sidecar.istio.io\/excludeOutboundPorts: "9300"/,
    );
    const passed = rows.find(r => r.textContent?.includes('MW509'))!;
    expect(passed.textContent).toContain('Nothing to change.');
    // Operator checks once for the cluster, not once per resource.
    const operator = screen.getByRole('table', {
      name: 'ECK operator checks in demo',
    });
    const operatorRows = within(operator).getAllByRole('row').slice(1);
    expect(operatorRows.map(r => r.querySelector('code')?.textContent)).toEqual(
      ['MW502', 'MW501'],
    );
    expect(operatorRows[0].textContent).toMatch(
      /Change: Add traffic.sidecar.istio.io\/excludeInboundPorts: "9443"/,
    );
    for (const table of screen.getAllByRole('table', {
      name: /^Istio compatibility checks of/,
    })) {
      expect(table.textContent).not.toMatch(/MW50[12]/);
    }
    // Kibana and APM Server are both associated with the Elasticsearch.
    expect(screen.getAllByText('Elasticsearch: Established')).toHaveLength(2);
  });

  it('shows every finding with remediation and reference', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(checkoutStatus),
    );
    expect(await screen.findByText('Findings (2)')).toBeInTheDocument();
    expect(
      screen.getByText(/the Vault role must allow shop.example.org/),
    ).toBeInTheDocument();
    const route = screen.getByRole('list', {
      name: 'Route of shop.example.org',
    });
    expect(
      within(route).getByText(/DoesNotExist · 4 failed attempts/),
    ).toBeInTheDocument();
  });

  it('keeps the not-in-mesh explanation above the workloads', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(notInMeshStatus),
    );
    expect(await screen.findByText('Not in the mesh')).toBeInTheDocument();
    expect(screen.getByText(/no proxy/)).toBeInTheDocument();
    expect(
      screen.getByText(/kubectl label namespace legacy-billing/),
    ).toBeInTheDocument();
  });

  it('says unknown with the reason instead of showing empty sections', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(unknownStatus),
    );
    expect(await screen.findByText('Mesh status unknown')).toBeInTheDocument();
    expect(screen.queryByText('Workloads and proxies')).not.toBeInTheDocument();
  });

  it('asks for the annotations when the entity has none', async () => {
    await renderEntityComponent(
      <EntityMeshContent />,
      answering(noSelectionStatus),
    );
    expect(
      await screen.findByText('No workloads selected'),
    ).toBeInTheDocument();
  });

  it('explains a backend that is not there', async () => {
    await renderEntityComponent(<EntityMeshContent />, {
      getEntityStatus: async () => {
        throw new Error('Failed to fetch');
      },
    });
    expect(
      await screen.findByText('Mesh status unavailable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/plugin-mesh-backend is installed/),
    ).toBeInTheDocument();
  });
});
