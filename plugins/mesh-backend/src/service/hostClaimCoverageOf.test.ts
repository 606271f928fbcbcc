import {
  InMemoryClusterView,
  KindSyncStatus,
  Kinds,
} from '@meshwise/plugin-mesh-common';
import { hostClaimCoverageOf } from './hostClaimCoverageOf';

function viewWith(
  istio: [KindSyncStatus, string?],
  gatewayApi: [KindSyncStatus, string?],
) {
  const view = new InMemoryClusterView('prod');
  view.setKindState(Kinds.IstioGateway, ...istio);
  view.setKindState(Kinds.K8sGateway, ...gatewayApi);
  return view;
}

describe('hostClaimCoverageOf', () => {
  it.each([
    ['both synced', ['synced'], ['synced']],
    ['Gateway API not installed', ['synced'], ['notInstalled', 'no CRD']],
    ['Istio not installed', ['notInstalled', 'no CRD'], ['synced']],
  ] as const)('is complete when %s', (_, istio, gatewayApi) => {
    expect(hostClaimCoverageOf(viewWith([...istio], [...gatewayApi]))).toEqual({
      cluster: 'prod',
      complete: true,
    });
  });

  it.each([
    [
      'forbidden',
      'gateways.networking.istio.io is forbidden: User cannot list',
      /list and watch on gateways\.networking\.istio\.io/,
    ],
    ['pending', 'not read yet', /still being read/],
    ['error', 'discovery failed: connect ECONNREFUSED', /reachable/],
    [
      'stale',
      'the API answered 404 for gateways (networking.istio.io/v1)',
      /may be out of date/,
    ],
  ] as const)(
    'is incomplete when Istio Gateways are %s, naming the cluster, the kind, its state, why, and what to do',
    (status, reason, advice) => {
      const coverage = hostClaimCoverageOf(
        viewWith([status, reason], ['synced']),
      );
      expect(coverage).toEqual({
        cluster: 'prod',
        complete: false,
        reason: expect.stringContaining(
          `Istio Gateways (gateways.networking.istio.io) are ${status} (${reason}): `,
        ),
      });
      expect(coverage.reason).toMatch(advice);
    },
  );

  it('names every Gateway kind that is missing', () => {
    const { reason } = hostClaimCoverageOf(
      viewWith(['forbidden', 'no access'], ['error', 'HTTP 500']),
    );
    expect(reason?.split('; ').map(part => part.split(' (')[0])).toEqual([
      'Istio Gateways',
      'Gateway API Gateways',
    ]);
    expect(reason).toContain(
      'Gateway API Gateways (gateways.gateway.networking.k8s.io) are error (HTTP 500)',
    );
  });

  it('is incomplete for a kind never reported (pending)', () => {
    const view = new InMemoryClusterView('new');
    view.setKindState(Kinds.IstioGateway, 'synced');
    expect(hostClaimCoverageOf(view)).toMatchObject({
      cluster: 'new',
      complete: false,
      reason: expect.stringContaining('Gateway API Gateways'),
    });
  });
});
