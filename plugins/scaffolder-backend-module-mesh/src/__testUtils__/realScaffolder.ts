import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { HostClaims } from '@meshwise/plugin-mesh-common';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import scaffolderModuleMesh from '../index';
import { catalogEntities, MESH_ADMINS, TEAM_BOOKINFO } from './meshTestHarness';

// A portal's scaffolder in-process: the real scaffolder backend, the
// publishing modules a test chooses, this module, the catalog (with the
// repository's templates) and a stub of the mesh backend's /exposure/hosts.

export const templatesDir = path.resolve(__dirname, '../../../../templates');

export const TEMPLATE_DIRS = [
  'team-ingress',
  'team-authorization-policy',
  'mesh-admin-policies',
  'namespace-revision',
  'eck-in-mesh',
] as const;

export async function loadTemplate(dir: string): Promise<Entity> {
  const template = parse(
    await fs.readFile(path.join(templatesDir, dir, 'template.yaml'), 'utf8'),
  );
  return {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
  };
}

/** Users the catalog knows: alice develops for team-bookinfo, root is a mesh admin. */
const userEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: [TEAM_BOOKINFO] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'root', namespace: 'default' },
    spec: { memberOf: [MESH_ADMINS, TEAM_BOOKINFO] },
  },
];

const allClusterComplete: HostClaims = {
  items: [],
  clusters: [{ cluster: 'prod', complete: true }],
};

const meshHostClaimsStub = createBackendPlugin({
  pluginId: 'mesh',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req: any, res: any, next: any) => {
          if (req.method === 'GET' && req.path === '/exposure/hosts') {
            res.json(allClusterComplete);
            return;
          }
          next();
        });
      },
    });
  },
});

export interface TaskResult {
  status: string;
  log: string;
}

export interface DryRunResult {
  status: number;
  /** The log lines, or the error message when the dry run failed. */
  log: string;
  files: Map<string, string>;
}

export interface Portal {
  runTask(
    templateRef: string,
    values: JsonObject,
    user?: 'alice' | 'root',
  ): Promise<TaskResult>;
  dryRun(
    templateDir: string,
    values: JsonObject,
    user?: 'alice' | 'root',
  ): Promise<DryRunResult>;
  stop(): Promise<void>;
}

export async function startPortal(options: {
  /** Publishing modules the portal's backend adds. */
  modules: Array<'github' | 'gitlab'>;
  /** `integrations` config; github.com and gitlab.com exist without it. */
  integrations?: JsonObject;
}): Promise<Portal> {
  const templates = await Promise.all(TEMPLATE_DIRS.map(loadTemplate));
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-scaffolder-backend'),
      ...(options.modules.includes('github')
        ? [import('@backstage/plugin-scaffolder-backend-module-github')]
        : []),
      ...(options.modules.includes('gitlab')
        ? [import('@backstage/plugin-scaffolder-backend-module-gitlab')]
        : []),
      scaffolderModuleMesh,
      meshHostClaimsStub,
      catalogServiceMock.factory({
        entities: [...catalogEntities, ...userEntities, ...templates],
      }),
      mockServices.rootConfig.factory({
        data: {
          ...(options.integrations
            ? { integrations: options.integrations }
            : {}),
          mesh: {
            scaffolder: {
              adminGroups: [MESH_ADMINS],
              allowedDomains: ['appk8s.com'],
              issuerRef: { name: 'vault-issuer' },
            },
          },
        },
      }),
    ],
  });
  const baseUrl = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/scaffolder`;
  const headers = (user: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${user}`),
    'Content-Type': 'application/json',
  });

  return {
    async runTask(templateRef, values, user = 'alice') {
      const created = await fetch(`${baseUrl}/v2/tasks`, {
        method: 'POST',
        headers: headers(user),
        body: JSON.stringify({ templateRef, values }),
      });
      if (created.status !== 201) {
        throw new Error(`task not created: ${await created.text()}`);
      }
      const { id } = (await created.json()) as { id: string };
      for (let attempt = 0; attempt < 300; attempt++) {
        const task = (await (
          await fetch(`${baseUrl}/v2/tasks/${id}`, { headers: headers(user) })
        ).json()) as { status: string };
        if (task.status === 'completed' || task.status === 'failed') {
          const events = (await (
            await fetch(`${baseUrl}/v2/tasks/${id}/events`, {
              headers: headers(user),
            })
          ).json()) as Array<{ body: { message?: string } }>;
          return {
            status: task.status,
            log: events.map(e => e.body.message ?? '').join('\n'),
          };
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(`task ${id} did not finish`);
    },

    async dryRun(templateDir, values, user = 'alice') {
      const template = await loadTemplate(templateDir);
      const response = await fetch(`${baseUrl}/v2/dry-run`, {
        method: 'POST',
        headers: headers(user),
        body: JSON.stringify({ template, values, directoryContents: [] }),
      });
      const body = (await response.json()) as {
        log?: Array<{ body: { message?: string } }>;
        directoryContents?: Array<{ path: string; base64Content: string }>;
        error?: { message: string };
      };
      return {
        status: response.status,
        log:
          body.error?.message ??
          (body.log ?? []).map(e => e.body.message ?? '').join('\n'),
        files: new Map(
          (body.directoryContents ?? []).map(f => [
            f.path,
            Buffer.from(f.base64Content, 'base64').toString('utf8'),
          ]),
        ),
      };
    },

    stop: () => backend.stop(),
  };
}
