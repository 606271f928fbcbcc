import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type {
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMeshScaffolderConfig } from '../config/readMeshScaffolderConfig';
import type { HostClaim } from '../domain/evaluateAccess';
import type { MeshActionOptions } from '../actions/runMeshAction';
import type { HostClaims } from '@meshwise/plugin-mesh-common';
import {
  completeHostClaims,
  GatewayHostClaims,
  GatewayHostClaimsUnavailableError,
} from '../io/GatewayHostClaims';

// A small organisation for action tests: two application teams owning
// namespaces, a mesh-admin group, and users in each.

export const TEAM_BOOKINFO = 'group:default/team-bookinfo';
export const TEAM_SHOP = 'group:default/team-shop';
export const MESH_ADMINS = 'group:default/mesh-admins';

export const users = {
  alice: { ref: 'user:default/alice', groups: [TEAM_BOOKINFO] },
  bob: { ref: 'user:default/bob', groups: [TEAM_SHOP] },
  root: { ref: 'user:default/root', groups: [MESH_ADMINS, TEAM_BOOKINFO] },
  eve: { ref: 'user:default/eve', groups: [] as string[] },
} as const;

export type UserName = keyof typeof users;

/**
 * A catalog `Resource` claiming a namespace for `owner`: `metadata.name` is
 * the namespace unless `options.namespace` sets the
 * `backstage.io/kubernetes-namespace` annotation.
 */
export function namespaceEntity(
  name: string,
  owner: string,
  options: {
    cluster?: string;
    namespace?: string;
    catalogNamespace?: string;
  } = {},
): Entity {
  const annotations: Record<string, string> = {
    ...(options.cluster
      ? { 'backstage.io/kubernetes-cluster': options.cluster }
      : {}),
    ...(options.namespace
      ? { 'backstage.io/kubernetes-namespace': options.namespace }
      : {}),
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: options.catalogNamespace ?? 'default',
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: { type: 'kubernetes-namespace', owner },
  };
}

export const catalogEntities: Entity[] = [
  namespaceEntity('bookinfo', 'team-bookinfo'),
  namespaceEntity('shop', TEAM_SHOP),
  namespaceEntity('istio-system', MESH_ADMINS),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders-db', namespace: 'default' },
    spec: { type: 'database', owner: TEAM_BOOKINFO },
  },
];

export const testConfig = readMeshScaffolderConfig(
  new ConfigReader({
    mesh: {
      scaffolder: {
        adminGroups: ['mesh-admins'],
        allowedDomains: ['appk8s.com'],
        meshAdminReviewers: { users: ['mesh-lead'], teams: ['mesh-admins'] },
      },
    },
  }),
);

/** A permission policy answering from a set of allowed permission names. */
export function permissionsAllowing(...names: string[]): PermissionsService {
  const allowed = new Set(names);
  const answer = (requests: Array<{ permission: { name: string } }>) =>
    Promise.resolve(
      requests.map(r => ({
        result: allowed.has(r.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
    );
  return {
    authorize: answer,
    authorizeConditional: answer,
  } as unknown as PermissionsService;
}

export const allowAll = permissionsAllowing(
  'mesh.config.admin.create',
  'mesh.config.team.create',
);
export const teamOnly = permissionsAllowing('mesh.config.team.create');

export const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    const user = Object.values(users).find(u => u.ref === ref);
    return {
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...(user?.groups ?? [])],
    };
  },
};

/**
 * The mesh backend's `/exposure/hosts` as seen through the same reading as the
 * real client (`completeHostClaims`): a list of claims is the answer of one
 * fully read cluster `prod`; a `HostClaims` body is answered as given.
 */
export class FakeHostClaims implements GatewayHostClaims {
  readonly requested: string[][] = [];
  constructor(
    private readonly answer: HostClaim[] | HostClaims | 'unreachable' = [],
  ) {}
  async claimsFor(hosts: string[]) {
    this.requested.push(hosts);
    if (this.answer === 'unreachable') {
      throw new GatewayHostClaimsUnavailableError(
        'the mesh backend could not be reached (ECONNREFUSED)',
      );
    }
    const body: HostClaims = Array.isArray(this.answer)
      ? { items: this.answer, clusters: [{ cluster: 'prod', complete: true }] }
      : this.answer;
    return completeHostClaims(body, hosts);
  }
}

export function testOptions(
  overrides: Partial<MeshActionOptions> = {},
): MeshActionOptions {
  return {
    config: testConfig,
    catalog: catalogServiceMock({ entities: catalogEntities }),
    auth: mockServices.auth(),
    userInfo,
    permissions: allowAll,
    hostClaims: new FakeHostClaims(),
    ...overrides,
  };
}

export interface TestWorkspace {
  path: string;
  files(): Promise<string[]>;
  read(file: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createWorkspace(): Promise<TestWorkspace> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'meshwise-scaffolder-'));
  const workspace = path.join(root, 'workspace');
  await fs.mkdir(workspace);
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map(e =>
        e.isDirectory()
          ? walk(path.join(dir, e.name))
          : Promise.resolve([path.relative(workspace, path.join(dir, e.name))]),
      ),
    );
    return nested.flat().sort();
  };
  return {
    path: workspace,
    files: () => walk(workspace),
    read: file => fs.readFile(path.join(workspace, file), 'utf8'),
    remove: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** Every file under the workspace's parent directory, outside the workspace itself. */
export async function filesOutsideWorkspace(
  workspace: TestWorkspace,
): Promise<string[]> {
  const parent = path.dirname(workspace.path);
  const entries = await fs.readdir(parent);
  return entries.filter(e => e !== 'workspace');
}

export function actionContext(
  user: UserName,
  input: Record<string, unknown>,
  workspace: TestWorkspace,
  extra: { isDryRun?: boolean } = {},
) {
  const base = createMockActionContext({
    input: input as any,
    workspacePath: workspace.path,
  });
  const outputs: Record<string, unknown> = {};
  return {
    ctx: {
      ...base,
      ...extra,
      user: { ref: users[user].ref },
      getInitiatorCredentials: async () =>
        mockCredentials.user(users[user].ref),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
    },
    outputs,
  };
}
