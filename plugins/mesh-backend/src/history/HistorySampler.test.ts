import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  clusterSummary,
  finding,
  mutableSource,
  serviceRow,
  syncState,
} from './__testUtils__/historyFixtures';
import { HistorySampler } from './HistorySampler';
import { HistoryStore } from './HistoryStore';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await HistoryStore.create(knex);
  const source = mutableSource({
    clusters: [syncState('east')],
    summaries: [
      clusterSummary('east', { meshed: 1, workloads: 2, strict: 1, errors: 1 }),
    ],
    findings: [finding('f1', 'east', ['component:default/a'])],
    services: [serviceRow('component:default/a', ['east'])],
  });
  let now = T0;
  const sampler = new HistorySampler({
    store,
    source,
    retentionMs: 24 * HOUR,
    intervalMs: HOUR,
    entityIntervalMs: 6 * HOUR,
    logger: mockServices.logger.mock(),
    now: () => now,
  });
  const all = { from: 0, to: T0 + 1000 * HOUR };
  return {
    store,
    source,
    sampler,
    at: (time: number) => {
      now = time;
    },
    times: async (scope: 'fleet' | 'entity') =>
      (await store.samples(scope, 'all', all)).map(
        s => (s.sampledAt - T0) / HOUR,
      ),
  };
}

describe('HistorySampler', () => {
  it('samples the fleet every run and entities when their latest sample is about the entity interval old', async () => {
    const { sampler, at, times } = await setUp();
    // Runs start a little late or early, as scheduled tasks do.
    for (const hour of [0, 1, 2, 3, 4, 5.9, 7, 8, 11.6, 12]) {
      at(T0 + hour * HOUR);
      await sampler.sample();
    }
    expect(await times('fleet')).toEqual([0, 1, 2, 3, 4, 5.9, 7, 8, 11.6, 12]);
    expect(await times('entity')).toEqual([0, 5.9, 11.6]);
  });

  it('records only the runs that happened: a gap stays a gap', async () => {
    const { sampler, at, times } = await setUp();
    at(T0);
    await sampler.sample();
    // No replica up for five hours.
    at(T0 + 5 * HOUR);
    await sampler.sample();
    expect(await times('fleet')).toEqual([0, 5]);
  });

  it('drops samples and forgotten findings older than the retention', async () => {
    const { sampler, source, store, at, times } = await setUp();
    at(T0);
    await sampler.sample();
    source.set({ findings: [] });
    at(T0 + 25 * HOUR);
    await sampler.sample();
    expect(await times('fleet')).toEqual([25]);
    expect(await store.firstSeen(['f1'])).toEqual([]);
  });
});
