import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { finding } from './__testUtils__/historyFixtures';
import { EntityFigures } from './historySamples';
import { HistoryStore, MIGRATIONS_DIRECTORY } from './HistoryStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL too where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// names a server (never through Docker here).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const T0 = Date.parse('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;

const figures = (workloads: number): EntityFigures => ({
  workloads,
  pods: workloads,
  dataPlane: 'sidecar',
  mtls: 'STRICT',
  revisions: ['1-24'],
  findings: { error: 0, warning: 0, info: 0 },
});

describe.each(databases.eachSupportedId())('HistoryStore on %s', id => {
  let knex: Knex;
  beforeEach(async () => {
    knex = await databases.init(id);
  });

  it('creates its tables with the shipped migrations, runs them once, and rolls them back', async () => {
    await HistoryStore.create(knex);
    expect(await knex.schema.hasTable('mesh_history_samples')).toBe(true);
    expect(await knex.schema.hasTable('mesh_finding_first_seen')).toBe(true);
    // A second start finds nothing to do.
    const [, pending] = await knex.migrate.list({
      directory: MIGRATIONS_DIRECTORY,
    });
    expect(pending).toEqual([]);
    await HistoryStore.create(knex);
    await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
    expect(await knex.schema.hasTable('mesh_history_samples')).toBe(false);
  });

  it('leaves the schema alone when the database service says migrations are skipped', async () => {
    await HistoryStore.create(knex, { skipMigrations: true });
    expect(await knex.schema.hasTable('mesh_history_samples')).toBe(false);
  });

  it('reads back samples of a range in time order, unknown ones as null with the reason', async () => {
    const store = await HistoryStore.create(knex);
    await store.write(
      T0 + HOUR,
      [
        { scope: 'fleet', subject: '', figures: figures(3) },
        {
          scope: 'cluster',
          subject: 'east',
          figures: null,
          unknownReason: 'cluster degraded',
        },
      ],
      [],
    );
    await store.write(
      T0,
      [{ scope: 'fleet', subject: '', figures: figures(2) }],
      [],
    );
    const fleet = await store.samples('fleet', [''], {
      from: T0,
      to: T0 + HOUR,
    });
    expect(fleet.map(s => [s.sampledAt, s.figures])).toEqual([
      [T0, figures(2)],
      [T0 + HOUR, figures(3)],
    ]);
    expect(
      await store.samples('cluster', 'all', { from: T0, to: T0 + HOUR }),
    ).toEqual([
      {
        sampledAt: T0 + HOUR,
        subject: 'east',
        figures: null,
        unknownReason: 'cluster degraded',
      },
    ]);
    expect(
      await store.samples('fleet', [''], { from: T0 + 1, to: T0 + HOUR - 1 }),
    ).toEqual([]);
  });

  it("keeps a finding's first-seen time over later samples and moves its last-seen time", async () => {
    const store = await HistoryStore.create(knex);
    const a = finding('MW303/east/gw-cert', 'east');
    await store.write(T0, [], [a]);
    await store.write(T0 + HOUR, [], [a, finding('MW101/east/x', 'east')]);
    const seen = await store.firstSeen([a.id, 'MW101/east/x', 'never']);
    expect(
      seen.map(s => [s.findingId, s.firstSeenAt, s.lastSeenAt]).sort(),
    ).toEqual(
      [
        ['MW101/east/x', T0 + HOUR, T0 + HOUR],
        [a.id, T0, T0 + HOUR],
      ].sort(),
    );
    expect(await store.countFirstSeenSince(T0 + 1)).toBe(1);
  });

  it('writes more rows than one statement may bind (SQLite: 999 variables)', async () => {
    const store = await HistoryStore.create(knex);
    const samples = Array.from({ length: 700 }, (_, i) => ({
      scope: 'entity' as const,
      subject: `component:default/s${i}`,
      figures: null,
      unknownReason: 'x',
    }));
    const findings = Array.from({ length: 400 }, (_, i) =>
      finding(`F${i}`, 'east'),
    );
    await store.write(T0, samples, findings);
    expect(
      (await store.samples('entity', 'all', { from: T0, to: T0 })).length,
    ).toBe(700);
    expect((await store.firstSeen(findings.map(f => f.id))).length).toBe(400);
  });

  it('prunes samples older than the retention, and findings not seen since', async () => {
    const store = await HistoryStore.create(knex);
    const old = finding('old', 'east');
    const current = finding('current', 'east');
    await store.write(
      T0,
      [{ scope: 'fleet', subject: '', figures: null }],
      [old, current],
    );
    await store.write(
      T0 + 2 * HOUR,
      [{ scope: 'fleet', subject: '', figures: null }],
      [current],
    );
    expect(await store.prune(T0 + HOUR)).toEqual({ samples: 1, findings: 1 });
    const left = await store.samples('fleet', [''], {
      from: 0,
      to: T0 + 3 * HOUR,
    });
    expect(left.map(s => s.sampledAt)).toEqual([T0 + 2 * HOUR]);
    const seen = await store.firstSeen(['old', 'current']);
    expect(seen.map(s => [s.findingId, s.firstSeenAt])).toEqual([
      ['current', T0],
    ]);
  });
});
