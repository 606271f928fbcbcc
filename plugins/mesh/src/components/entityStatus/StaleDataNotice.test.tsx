import type { EntityMeshStatus } from '@meshwise/plugin-mesh-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { StaleDataNotice, staleClustersOf } from './StaleDataNotice';

const now = Date.parse('2026-01-01T12:00:00Z');

function statusWith(
  degradedKinds: EntityMeshStatus['clusters'][number]['degradedKinds'],
): EntityMeshStatus {
  return {
    entityRef: 'component:default/reviews',
    clusters: [
      {
        cluster: 'prod',
        generatedAt: '2026-01-01T12:00:00Z',
        workloads: [],
        eck: [],
        findings: [],
        degradedKinds,
      },
    ],
  } as unknown as EntityMeshStatus;
}

describe('StaleDataNotice', () => {
  it('says the data is the last known, how old and why', async () => {
    const status = statusWith([
      {
        group: '',
        kind: 'Pod',
        status: 'stale',
        since: '2026-01-01T11:59:18Z',
        reason: 'the API server of cluster prod cannot be reached',
      },
      {
        group: 'security.istio.io',
        kind: 'PeerAuthentication',
        status: 'stale',
        since: '2026-01-01T11:59:30Z',
      },
    ]);
    await renderInTestApp(<StaleDataNotice status={status} nowMs={now} />);
    expect(
      screen.getByText('Last known data from cluster prod, 42 s old'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-stale-data')).toHaveTextContent(
      'Reading Pod, PeerAuthentication (security.istio.io) has been failing since 2026-01-01T11:59:18Z',
    );
    expect(screen.getByTestId('mesh-stale-data')).toHaveTextContent(
      'cannot be reached',
    );
  });

  it('shows nothing for kinds that are unknown for other reasons (not read by choice, forbidden)', async () => {
    const status = statusWith([
      { group: '', kind: 'Secret', status: 'notWatched', since: 'x' },
      {
        group: 'security.istio.io',
        kind: 'AuthorizationPolicy',
        status: 'forbidden',
        since: 'x',
      },
    ]);
    expect(staleClustersOf(status)).toEqual([]);
    await renderInTestApp(<StaleDataNotice status={status} nowMs={now} />);
    expect(screen.queryByTestId('mesh-stale-data')).toBeNull();
  });
});
