import { KindSyncState } from '@meshwise/plugin-mesh-common';
import { clusterSyncState } from './clusterSyncState';

const state = (
  kind: string,
  status: KindSyncState['status'],
  reason?: string,
): KindSyncState => ({
  group: '',
  kind,
  status,
  ...(reason ? { reason } : {}),
  since: '2026-01-01T00:00:00Z',
});
const cluster = { name: 'prod', title: 'Production' };

describe('clusterSyncState', () => {
  it('is synced when every kind has a definitive answer, forbidden and not installed included', () => {
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'synced'),
        state('Secret', 'forbidden'),
        state('Kibana', 'notInstalled'),
      ]),
    ).toMatchObject({ cluster: 'prod', title: 'Production', status: 'synced' });
  });

  it('is syncing while a kind waits for its first list', () => {
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'synced'),
        state('Service', 'pending'),
      ]),
    ).toMatchObject({
      status: 'syncing',
      reason: '1 of 2 kinds not listed yet',
    });
  });

  it('is unreachable when nothing could be read, with the reason', () => {
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'error', 'discovery failed: connect ECONNREFUSED'),
        state('Service', 'error', 'discovery failed: connect ECONNREFUSED'),
      ]),
    ).toMatchObject({
      status: 'unreachable',
      reason: 'discovery failed: connect ECONNREFUSED',
    });
  });

  it('is degraded when some kinds fail or went stale', () => {
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'stale', 'watch failing'),
        state('Service', 'synced'),
      ]),
    ).toMatchObject({
      status: 'degraded',
      reason: 'Pod is stale: watch failing',
    });
  });

  it('is synced beside a kind not read by configuration, and unreachable when that is all that is not in error', () => {
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'synced'),
        state('Secret', 'notWatched', 'not read by configuration'),
      ]),
    ).toMatchObject({ status: 'synced' });
    expect(
      clusterSyncState(cluster, [
        state('Pod', 'error', 'Unauthorized'),
        state('Secret', 'notWatched', 'not read by configuration'),
      ]),
    ).toMatchObject({ status: 'unreachable', reason: 'Unauthorized' });
  });

  it('is unreachable while the probes get no answer, whatever the kinds say, naming the server and what to check', () => {
    const result = clusterSyncState(
      cluster,
      [state('Pod', 'stale'), state('Service', 'synced')],
      {
        reachable: false,
        since: '2026-01-01T00:00:05Z',
        reason: 'connect ECONNREFUSED 10.0.0.1:6443',
        url: 'https://10.0.0.1:6443',
      },
    );
    expect(result.status).toBe('unreachable');
    expect(result.reason).toContain(
      'the API server at https://10.0.0.1:6443 cannot be reached since 2026-01-01T00:00:05Z: connect ECONNREFUSED',
    );
    expect(result.reason).toMatch(
      /Check that the API server is up and reachable/,
    );
  });
});
