import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KubeEmulator,
  loadDemoScenario,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import { Knex } from 'knex';
import { loadDemoCatalog } from '../__testUtils__/demoCatalog';
import { waitFor } from '../__testUtils__/waitFor';
import meshPlugin from '../index';
import { NOTIFICATIONS_TASK_ID } from './startMeshNotifications';

jest.setTimeout(120_000);

/** The notification service's interface, recording what it is asked to send. */
class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  failNext = 0;
  async send(options: NotificationSendOptions): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('notifications backend unavailable');
    }
    this.sent.push(options);
  }
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('mesh notifications on %s', id => {
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
    notifications: RecordingNotificationService;
    settings?: object;
  }) {
    // Tasks run only when triggered: by the plugin once its cluster is read,
    // or by the test.
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
                  ],
                },
              ],
            },
            mesh: {
              refresh: { analysisDebounceMs: 50 },
              history: { enabled: false },
              notifications: {
                enabled: true,
                skipExistingAtFirstRun: false,
                admins: { recipients: ['group:default/mesh-admins'] },
                ...options.settings,
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: loadDemoCatalog() }),
        mockServices.database.factory({ knex: options.knex }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => options.notifications,
        }),
      ],
    });
    cleanups.push(() => backend.stop());
    await scheduler.triggerTask('mesh-catalog-index');
    return { backend, scheduler };
  }

  it('notifies the owning teams and the admins once per finding, across replicas and restarts', async () => {
    const knex = await databases.init(id);
    const first = new RecordingNotificationService();
    const one = await start({ knex, notifications: first });
    // The first run is asked for once the cluster is read and analysed.
    await waitFor(
      () => first.sent.length,
      n => n > 0,
      'the first notifications',
    );
    const byTitle = new Map(first.sent.map(s => [s.payload.title, s]));

    // The demo's checkout certificate fails: its owner hears of it, with a
    // link to the Mesh tab and a high severity.
    const failing = [...byTitle.values()].find(s =>
      s.payload.title.startsWith('Certificate not Ready: '),
    );
    expect(failing).toBeDefined();
    expect(failing!.recipients).toEqual({
      type: 'entity',
      entityRef: [expect.stringMatching(/^group:default\//)],
    });
    expect(failing!.payload).toMatchObject({
      link: expect.stringMatching(/^\/catalog\/default\/component\/.+\/mesh$/),
      severity: 'high',
      topic: 'Service mesh',
    });
    // Each notification once.
    const scopes = first.sent.map(s => s.payload.scope);
    expect(new Set(scopes).size).toBe(scopes.length);

    // A second replica on the same database, and more runs of both: nothing
    // is sent twice.
    const second = new RecordingNotificationService();
    const two = await start({ knex, notifications: second });
    await two.scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    await one.scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    await two.scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    const all = [...first.sent, ...second.sent].map(s => s.payload.scope);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(scopes.length);
    const rows = await knex('mesh_notifications_sent');
    expect(rows).toHaveLength(scopes.length);
  });

  it('sends again on a later run what failed to send', async () => {
    const knex = await databases.init(id);
    const notifications = new RecordingNotificationService();
    notifications.failNext = 1000;
    const { scheduler } = await start({ knex, notifications });
    await waitFor(
      async () => knex('mesh_notifications_sent').count({ n: '*' }),
      () => notifications.failNext < 1000,
      'a first run that failed to send',
    );
    await scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    expect(notifications.sent).toHaveLength(0);
    expect(await knex('mesh_notifications_sent')).toHaveLength(0);
    notifications.failNext = 0;
    await scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    expect(notifications.sent.length).toBeGreaterThan(0);
  });

  it('at the first run records what exists without sending it, then sends only what is new', async () => {
    const knex = await databases.init(id);
    const notifications = new RecordingNotificationService();
    const { scheduler } = await start({
      knex,
      notifications,
      settings: { skipExistingAtFirstRun: true },
    });
    await waitFor(
      async () => (await knex('mesh_notifications_sent')).length,
      n => n > 0,
      'the first run recorded the existing findings',
    );
    await scheduler.triggerTask(NOTIFICATIONS_TASK_ID);
    expect(notifications.sent).toEqual([]);
  });

  it('when off, schedules nothing and creates no table', async () => {
    const knex = await databases.init(id);
    const notifications = new RecordingNotificationService();
    const { scheduler } = await start({
      knex,
      notifications,
      settings: { enabled: false },
    });
    expect((await scheduler.getScheduledTasks()).map(t => t.id)).not.toContain(
      NOTIFICATIONS_TASK_ID,
    );
    expect(await knex.schema.hasTable('mesh_notifications_sent')).toBe(false);
  });
});
