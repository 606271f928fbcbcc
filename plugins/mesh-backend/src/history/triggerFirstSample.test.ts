import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSyncState } from '@meshwise/plugin-mesh-common';
import {
  clustersRead,
  readyForFirstSample,
  triggerFirstSampleWhenReady,
} from './triggerFirstSample';

const cluster = (
  status: ClusterSyncState['status'],
  analysis?: { pending: boolean },
): ClusterSyncState => ({
  cluster: `c-${status}`,
  status,
  kinds: [],
  ...(analysis
    ? { analysis: { generatedAt: '2026-12-03T00:00:00Z', ...analysis } }
    : {}),
});

describe('readyForFirstSample', () => {
  it('waits for every cluster to finish its first lists and analysis', () => {
    expect(readyForFirstSample([])).toBe(false);
    expect(readyForFirstSample([cluster('syncing')])).toBe(false);
    expect(readyForFirstSample([cluster('synced')])).toBe(false);
    expect(readyForFirstSample([cluster('synced', { pending: true })])).toBe(
      false,
    );
    expect(
      readyForFirstSample([
        cluster('synced', { pending: false }),
        cluster('syncing', { pending: false }),
      ]),
    ).toBe(false);
  });

  it('takes a degraded or unreachable cluster as read: waiting would not change it', () => {
    expect(
      readyForFirstSample([
        cluster('synced', { pending: false }),
        cluster('degraded', { pending: false }),
        cluster('unreachable', { pending: false }),
      ]),
    ).toBe(true);
  });
});

describe('clustersRead', () => {
  it('needs every cluster past its first lists with an analysis, pending or not', () => {
    expect(clustersRead([cluster('syncing', { pending: false })])).toBe(false);
    expect(clustersRead([cluster('synced')])).toBe(false);
    expect(
      clustersRead([
        cluster('synced', { pending: true }),
        cluster('unreachable', { pending: false }),
      ]),
    ).toBe(true);
  });
});

describe('triggerFirstSampleWhenReady', () => {
  it('triggers the task once the clusters become ready', async () => {
    let polls = 0;
    const triggered: string[] = [];
    const asked = await triggerFirstSampleWhenReady({
      taskId: 'mesh-history-sample',
      clusters: () =>
        ++polls < 3
          ? [cluster('syncing')]
          : [cluster('synced', { pending: false })],
      scheduler: { triggerTask: async id => void triggered.push(id) },
      logger: mockServices.logger.mock(),
      pollMs: 1,
      giveUpAfterMs: 60_000,
    });
    expect(asked).toBe(true);
    expect(polls).toBe(3);
    expect(triggered).toEqual(['mesh-history-sample']);
  });

  it('leaves the schedule to it when the task is already running elsewhere', async () => {
    const asked = await triggerFirstSampleWhenReady({
      taskId: 'mesh-history-sample',
      clusters: () => [cluster('synced', { pending: false })],
      scheduler: {
        triggerTask: async () => {
          throw new Error('Task mesh-history-sample is currently running');
        },
      },
      logger: mockServices.logger.mock(),
      pollMs: 1,
      giveUpAfterMs: 60_000,
    });
    expect(asked).toBe(false);
  });

  it('stops asking when the backend stops', async () => {
    const stopped = new AbortController();
    const triggered: string[] = [];
    const done = triggerFirstSampleWhenReady({
      taskId: 'mesh-history-sample',
      clusters: () => [cluster('syncing')],
      scheduler: { triggerTask: async id => void triggered.push(id) },
      logger: mockServices.logger.mock(),
      pollMs: 60_000,
      giveUpAfterMs: 600_000,
      signal: stopped.signal,
    });
    stopped.abort();
    await expect(done).resolves.toBe(false);
    expect(triggered).toEqual([]);
  });
});
