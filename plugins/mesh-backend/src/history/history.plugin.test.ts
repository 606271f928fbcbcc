import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KubeEmulator,
  loadDemoScenario,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import type {
  ClusterSyncState,
  FleetFinding,
} from '@meshwise/plugin-mesh-common';
import { Knex } from 'knex';
import request from 'supertest';
import { loadDemoCatalog } from '../__testUtils__/demoCatalog';
import { waitFor } from '../__testUtils__/waitFor';
import meshPlugin from '../index';
import { MeshFigures } from './historySamples';
import { HISTORY_TASK_ID } from './startMeshHistory';

jest.setTimeout(120_000);

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

// SQLite always; PostgreSQL too where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// names a server (never through Docker here).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('mesh history on %s', id => {
  let emulator: KubeEmulator;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    emulator = await startKubeEmulator({
      token: 'test-token',
      objects: loadDemoScenario(),
    });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function start(options: {
    knex: Knex;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    history?: object;
    extraClusters?: object[];
  }) {
    // Backstage's mock scheduler, as this plugin's: tasks run only when the
    // test triggers them.
    const scheduler = mockServices.scheduler();
    const backend = await startTestBackend({
      features: [
        meshPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo',
                      url: emulator.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'test-token',
                      skipTLSVerify: true,
                    },
                    ...(options.extraClusters ?? []),
                  ],
                },
              ],
            },
            mesh: {
              refresh: { analysisDebounceMs: 50 },
              history: { interval: '1h', retention: '2d', ...options.history },
            },
          },
        }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({ entities: loadDemoCatalog() }),
        // The same database across backends: what a restart keeps.
        mockServices.database.factory({ knex: options.knex }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
      ],
    });
    cleanups.push(() => backend.stop());
    // What the real scheduler does at start-up: read the catalog.
    await scheduler.triggerTask('mesh-catalog-index');
    return { backend, scheduler };
  }

  const get = (backend: Backend, path: string) =>
    request(backend.server).get(`/api/mesh${path}`);

  async function synced(backend: Backend, name = 'demo') {
    await waitFor(
      async () => {
        await get(backend, '/fleet/summary');
        const response = await get(backend, '/clusters');
        return response.body.items as ClusterSyncState[];
      },
      items => {
        const cluster = items.find(c => c.cluster === name);
        return (
          cluster?.status === 'synced' &&
          cluster.analysis !== undefined &&
          !cluster.analysis.pending
        );
      },
      `cluster ${name} synced and analysed`,
    );
  }

  it('samples on the global task, serves the trends, and keeps first-seen times across a restart', async () => {
    const knex = await databases.init(id);
    const first = await start({ knex });
    expect(await first.scheduler.getScheduledTasks()).toContainEqual(
      expect.objectContaining({ id: HISTORY_TASK_ID, scope: 'global' }),
    );
    const before = Date.now();
    await synced(first.backend);
    // The first sample is asked for once the cluster is read and analysed,
    // not after the task's initial delay (here the mock scheduler's task
    // runs only when triggered: the plugin triggers it).
    const fleet = await waitFor(
      () => get(first.backend, '/history/fleet?step=1h'),
      r => r.status === 200 && r.body.fleet.length === 1,
      'the first sample after the cluster was read',
    );
    const summary = (await get(first.backend, '/fleet/summary')).body;
    const [point] = fleet.body.fleet;
    expect(Date.parse(point.sampledAt)).toBeGreaterThanOrEqual(before);
    expect(point.unknownReason).toBeUndefined();
    const figures: MeshFigures = point.figures;
    // What the dashboard showed is what was recorded.
    expect(figures.meshCoverage).toEqual(summary.meshCoverage);
    expect(figures.strictMtlsCoverage).toEqual(summary.strictMtlsCoverage);
    expect(figures.findings.bySeverity).toEqual(summary.findings.bySeverity);
    expect(figures.findings.byCode).toEqual(summary.findings.byCode);
    expect(figures.certificates).toEqual(summary.certificates.byBucket);
    expect(figures.eck).toEqual(summary.eck);
    expect(figures.revisions.map(r => r.pods)).toEqual(
      summary.revisions.map((r: { pods: number }) => r.pods),
    );
    expect(Object.keys(fleet.body.clusters)).toEqual(['demo']);
    expect(fleet.body.findingsFirstSeenInLastDay).toBe(summary.findings.total);

    // An entity with findings: its trend and when each finding first appeared.
    const findings: FleetFinding[] = (
      await get(first.backend, '/findings?limit=500')
    ).body.items;
    const entityRef = findings.find(f => f.entityRefs.length)!.entityRefs[0];
    const [kind, rest] = entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const entityPath = `/history/entities/${namespace}/${kind}/${name}`;
    const entity = await get(first.backend, entityPath);
    expect(entity.status).toBe(200);
    expect(entity.body.entityRef).toBe(entityRef);
    expect(entity.body.points).toHaveLength(1);
    expect(entity.body.points[0].figures.findings.error).toBeGreaterThanOrEqual(
      0,
    );
    expect(entity.body.findings.length).toBeGreaterThan(0);
    const firstSeen = new Map<string, string>(
      entity.body.findings.map((f: { id: string; firstSeenAt: string }) => [
        f.id,
        f.firstSeenAt,
      ]),
    );
    for (const at of firstSeen.values()) expect(at).toBe(point.sampledAt);

    // A restart: a new backend on the same database.
    await first.backend.stop();
    const second = await start({ knex });
    await synced(second.backend);
    // Its first sample, once its cluster is read: the second run.
    const again = await waitFor(
      () => get(second.backend, entityPath),
      r =>
        r.status === 200 &&
        r.body.findings.every(
          (f: { firstSeenAt: string; lastSeenAt: string }) =>
            f.lastSeenAt !== f.firstSeenAt,
        ),
      'the first sample after the restart',
    );
    for (const f of again.body.findings) {
      expect(f.firstSeenAt).toBe(firstSeen.get(f.id));
      expect(Date.parse(f.lastSeenAt)).toBeGreaterThan(
        Date.parse(f.firstSeenAt),
      );
    }
    // One fleet sample per run; none made up for the time in between.
    const rows = await knex('mesh_history_samples').where('scope', 'fleet');
    expect(rows).toHaveLength(2);
  });

  it('records a cluster that cannot be read as unknown, not as figures', async () => {
    const knex = await databases.init(id);
    const { backend, scheduler } = await start({
      knex,
      extraClusters: [
        {
          name: 'down',
          url: 'http://127.0.0.1:9',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'test-token',
        },
      ],
    });
    await synced(backend);
    await scheduler.triggerTask(HISTORY_TASK_ID);
    const fleet = await get(backend, '/history/fleet');
    expect(fleet.status).toBe(200);
    const [down] = fleet.body.clusters.down;
    expect(down.figures).toBeNull();
    expect(down.unknownReason).toMatch(/^cluster (unreachable|syncing)/);
    expect(fleet.body.clusters.demo[0].figures).not.toBeNull();
    expect(fleet.body.fleet[0].unknownReason).toMatch(
      /^clusters not counted: down \(cluster/,
    );
  });

  it('answers 401 without credentials, 403 without the permission, 404 for an entity it cannot see, 400 on a nonsense range', async () => {
    const knex = await databases.init(id);
    const allowed = (await start({ knex })).backend;
    const denied = (await start({ knex, permission: AuthorizeResult.DENY }))
      .backend;
    const none = mockCredentials.none.header();
    const entityPath = '/history/entities/default/component/productpage';

    for (const path of ['/history/fleet', entityPath]) {
      const anonymous = await get(allowed, path).set('Authorization', none);
      expect(anonymous.status).toBe(401);
      expect((await get(denied, path)).status).toBe(403);
    }
    const missing = await get(
      allowed,
      '/history/entities/default/component/no-such-thing',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No entity component:default/no-such-thing',
    );

    const bad = await get(
      allowed,
      '/history/fleet?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Query parameter from must be before to',
    );
    const badStep = await get(allowed, `${entityPath}?step=fortnightly`);
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.message).toMatch(/step must be a number/);
  });

  it('when turned off, leaves the database alone, schedules nothing and answers 404', async () => {
    const knex = await databases.init(id);
    const { backend, scheduler } = await start({
      knex,
      history: { enabled: false },
    });
    expect((await scheduler.getScheduledTasks()).map(t => t.id)).not.toContain(
      HISTORY_TASK_ID,
    );
    expect(await knex.schema.hasTable('mesh_history_samples')).toBe(false);
    const response = await get(backend, '/history/fleet');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/mesh.history.enabled: false/);
  });
});
