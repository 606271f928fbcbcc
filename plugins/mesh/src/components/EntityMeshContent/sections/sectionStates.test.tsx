import type { EntityMeshStatus, Finding } from '@meshwise/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import {
  checkoutStatus,
  finding,
  productpageStatus,
  ref,
  reviewsStatus,
} from '../../../__fixtures__/entityStatusFixtures';
import { renderEntityComponent } from '../../../__testUtils__/renderEntityComponent';
import { summarizeEntityStatus } from '../../../status/summarizeEntityStatus';
import { EntityMeshStatusCard } from '../../EntityMeshStatusCard';
import { EntityMeshContent } from '../EntityMeshContent';

/** A copy of a status with more findings in its first cluster. */
function withFindings(
  status: EntityMeshStatus,
  extra: Finding[],
): EntityMeshStatus {
  const [first, ...rest] = status.clusters;
  return {
    ...status,
    clusters: [{ ...first, findings: [...first.findings, ...extra] }, ...rest],
  };
}

const reviewsRoute = ref('VirtualService', 'bookinfo', 'reviews');
const reviews = withFindings(reviewsStatus, [
  finding(
    'MW305',
    [reviewsRoute, ref('Gateway', 'bookinfo', 'reviews-gateway')],
    'VirtualService bookinfo/reviews names Gateway bookinfo/reviews-gateway, which does not exist.',
    'Create the Gateway or fix spec.gateways.',
  ),
  finding(
    'MW306',
    [reviewsRoute, ref('Gateway', 'bookinfo', 'reviews-gateway')],
    'No Gateway serves reviews.bookinfo.appk8s.com.',
    'Add the host to a Gateway server.',
  ),
  finding(
    'MW402',
    [ref('AuthorizationPolicy', 'bookinfo', 'reviews-v4-viewer')],
    'AuthorizationPolicy bookinfo/reviews-v4-viewer selects app=reviews,version=v4, but no pod in bookinfo has those labels; the policy has no effect.',
    "Fix spec.selector.matchLabels to the workload's pod labels, or delete the policy.",
  ),
]);

// productpage's own gateway shares its host with another Gateway, and a
// DestinationRule sends plaintext to its STRICT port.
const productpage = withFindings(productpageStatus, [
  finding(
    'MW304',
    [
      ref('Gateway', 'bookinfo', 'bookinfo-gateway'),
      ref('Gateway', 'observability', 'status-gateway'),
    ],
    'productpage.bookinfo.appk8s.com:443 is claimed by two Gateways.',
    'Keep one Gateway per host and port.',
  ),
  finding(
    'MW201',
    [
      ref('DestinationRule', 'bookinfo', 'productpage'),
      ref('Deployment', 'bookinfo', 'productpage-v1'),
    ],
    'DestinationRule bookinfo/productpage sends plaintext (tls.mode DISABLE) to productpage-v1, which is STRICT.',
    'Remove the tls setting.',
  ),
]);

const checkout = withFindings(checkoutStatus, [
  finding(
    'MW701',
    [
      ref('Service', 'storefront-checkout', 'checkout'),
      ref('NetworkPolicy', 'storefront-checkout', 'deny-by-default'),
      ref('Gateway', 'storefront-checkout', 'checkout-gateway'),
    ],
    'Service storefront-checkout/checkout is exposed through checkout-gateway, but its NetworkPolicies admit no traffic from istio-system.',
    'Allow ingress from the gateway namespace.',
  ),
]);

const answering = (value: EntityMeshStatus) => ({
  getEntityStatus: async () => value as any,
});

describe('findings on what they break', () => {
  it('summarises attributed route findings as the reason a service is not exposed', () => {
    const s = summarizeEntityStatus(reviews);
    expect(s.exposures).toEqual([]);
    expect(s.unattachedExposureFindings.map(f => f.code)).toEqual([
      'MW305',
      'MW306',
    ]);
    expect(s.sections.authorization).toMatchObject({ state: 'warning' });
    expect(s.sections.authorization.findings.map(f => f.code)).toEqual([
      'MW402',
    ]);
  });

  it('gives each exposure the worst finding about its chain', () => {
    const s = summarizeEntityStatus(checkout);
    expect(
      s.exposures.map(e => [
        e.entry.hosts[0],
        e.state,
        e.findings.map(f => f.code),
      ]),
    ).toEqual([
      ['checkout.appk8s.com', 'error', ['MW701', 'MW303']],
      ['shop.example.org', 'error', ['MW302']],
    ]);
    expect(s.sections.networkPolicy.state).toBe('error');
    expect(summarizeEntityStatus(productpage).sections.mtls.state).toBe(
      'error',
    );
  });

  it("shows reviews' route and policy findings on its Mesh tab instead of 'reachable only inside the cluster'", async () => {
    await renderEntityComponent(<EntityMeshContent />, answering(reviews));
    const routes = await screen.findByRole('list', {
      name: 'Routes that reach no Gateway',
    });
    expect(within(routes).getByText('MW305')).toBeInTheDocument();
    expect(within(routes).getByText('MW306')).toBeInTheDocument();
    expect(
      screen.queryByText(/reachable only inside the cluster/),
    ).not.toBeInTheDocument();
    const authorization = screen.getByRole('list', {
      name: 'Authorization findings',
    });
    expect(within(authorization).getByText('MW402')).toBeInTheDocument();
    expect(screen.getByTestId('authorization-state')).toHaveAttribute(
      'data-state',
      'warning',
    );
  });

  it("does not say 'not exposed' on reviews' card when routes name it", async () => {
    await renderEntityComponent(<EntityMeshStatusCard />, answering(reviews));
    const group = await screen.findByRole('group', {
      name: 'Routes that reach no Gateway',
    });
    expect(group).toHaveTextContent(/MW305.*reviews-gateway/);
    expect(
      screen.queryByText('Not exposed through a gateway'),
    ).not.toBeInTheDocument();
  });

  it('marks a shared host, a broken STRICT and a gateway kept out instead of showing them green', async () => {
    await renderEntityComponent(<EntityMeshContent />, answering(productpage));
    const exposure = await screen.findByTestId('exposure');
    expect(exposure).toHaveAttribute('data-state', 'error');
    const route = within(exposure).getByRole('list', {
      name: 'Route of productpage.bookinfo.appk8s.com',
    });
    const gatewayStep = within(route).getAllByRole('listitem')[0];
    expect(gatewayStep).toHaveAttribute('data-state', 'error');
    expect(
      within(exposure).getByLabelText(/^Exposure of .*: error/),
    ).toHaveTextContent('Error · MW304');

    expect(screen.getByTestId('mtls-state')).toHaveAttribute(
      'data-state',
      'error',
    );
    const ports = screen.getByRole('table', {
      name: 'mTLS per port of productpage-v1',
    });
    const strict = within(ports).getByText('STRICT').closest('[data-tone]');
    expect(strict).toHaveAttribute('data-tone', 'error');
  });

  it('shows checkout kept out by its NetworkPolicies, not only Expiring', async () => {
    await renderEntityComponent(<EntityMeshStatusCard />, answering(checkout));
    expect(
      await screen.findByLabelText(/^Exposure of checkout.appk8s.com: error/),
    ).toHaveTextContent('Error · MW701');
    await renderEntityComponent(<EntityMeshContent />, answering(checkout));
    expect(
      (await screen.findAllByTestId('network-policy-state'))[0],
    ).toHaveAttribute('data-state', 'error');
  });
});
