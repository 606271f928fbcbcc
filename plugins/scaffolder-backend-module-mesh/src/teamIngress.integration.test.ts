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
import type { HostClaims } from '@meshwise/plugin-mesh-common';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import scaffolderModuleMesh from './index';
import { catalogEntities, MESH_ADMINS } from './__testUtils__/meshTestHarness';
import { FakeGitHub } from './__testUtils__/FakeGitHub';

// The real scaffolder backend, the GitHub publisher and this module run the
// team-ingress template end to end; GitHub is a local fake that records what
// it receives, and the mesh backend's host-claims endpoint is a stub plugin.

const templatesDir = path.resolve(__dirname, '../../../templates');

async function loadTemplate(dir: string): Promise<Entity> {
  const template = parse(
    await fs.readFile(path.join(templatesDir, dir, 'template.yaml'), 'utf8'),
  );
  return {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
  };
}

/**
 * Stands in for the mesh backend's `GET /exposure/hosts`: nothing is claimed
 * yet, and every cluster is read completely unless a test says otherwise.
 */
let hostClaimsAnswer: HostClaims;
const allComplete: HostClaims = {
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
            res.json(hostClaimsAnswer);
            return;
          }
          next();
        });
      },
    });
  },
});

describe('team ingress template, end to end', () => {
  const github = new FakeGitHub();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;

  beforeAll(async () => {
    const githubUrl = await github.start();
    const entities = [
      ...catalogEntities,
      await loadTemplate('team-ingress'),
      await loadTemplate('namespace-revision'),
      // Team membership comes from the catalog: the scaffolder hands the
      // user entity to the action, whose spec.memberOf counts as ownership.
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'alice', namespace: 'default' },
        spec: { memberOf: ['team-bookinfo'] },
      },
    ];
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        import('@backstage/plugin-scaffolder-backend-module-github'),
        scaffolderModuleMesh,
        meshHostClaimsStub,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: githubUrl,
                  token: 'fake-token',
                },
              ],
            },
            mesh: {
              scaffolder: {
                adminGroups: [MESH_ADMINS],
                allowedDomains: ['appk8s.com'],
                meshAdminReviewers: { teams: ['mesh-admins'] },
              },
            },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/scaffolder`;
  }, 60_000);

  beforeEach(() => {
    hostClaimsAnswer = allComplete;
  });

  afterAll(async () => {
    await backend?.stop();
    await github.stop();
  });

  const auth = {
    Authorization: mockCredentials.user.header('user:default/alice'),
    'Content-Type': 'application/json',
  };

  async function runTask(templateRef: string, values: Record<string, unknown>) {
    const created = await fetch(`${baseUrl}/v2/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ templateRef, values }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (let attempt = 0; attempt < 300; attempt++) {
      const task = (await (
        await fetch(`${baseUrl}/v2/tasks/${id}`, { headers: auth })
      ).json()) as { status: string };
      if (task.status === 'completed' || task.status === 'failed') {
        const events = (await (
          await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers: auth })
        ).json()) as Array<{ body: { message?: string } }>;
        return {
          status: task.status,
          log: events.map(e => e.body.message ?? '').join('\n'),
        };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`task ${id} did not finish`);
  }

  it("opens one pull request with the team's Gateway, VirtualService and Certificate", async () => {
    const result = await runTask('template:default/mesh-team-ingress', {
      namespace: 'bookinfo',
      name: 'productpage',
      serviceName: 'productpage',
      servicePort: 9080,
      hosts: ['productpage.bookinfo.appk8s.com'],
      tlsMode: 'MUTUAL',
      api: 'istio',
      repoUrl: 'github.com?owner=acme&repo=gitops',
      targetBranchName: 'main',
    });
    expect(result.log).not.toContain('Refused');
    expect(result.status).toBe('completed');

    expect([...github.files.keys()].sort()).toEqual([
      'mesh-admin/istio-system/certificate-bookinfo-productpage-tls.yaml',
      'teams/team-bookinfo/bookinfo/gateway-productpage.yaml',
      'teams/team-bookinfo/bookinfo/virtualservice-productpage.yaml',
    ]);
    const gateway = parse(
      github.files.get(
        'teams/team-bookinfo/bookinfo/gateway-productpage.yaml',
      )!,
    );
    const certificate = parse(
      github.files.get(
        'mesh-admin/istio-system/certificate-bookinfo-productpage-tls.yaml',
      )!,
    );
    expect(gateway.spec.servers[0].tls).toEqual({
      mode: 'MUTUAL',
      credentialName: 'bookinfo-productpage-tls',
    });
    expect(certificate.spec.secretName).toBe(
      gateway.spec.servers[0].tls.credentialName,
    );
    expect(certificate.metadata.namespace).toBe('istio-system');

    expect(github.branches).toEqual([
      'refs/heads/mesh/ingress-bookinfo-productpage',
    ]);
    expect(github.pullRequests).toHaveLength(1);
    const [pr] = github.pullRequests;
    expect(pr).toMatchObject({
      head: 'acme:mesh/ingress-bookinfo-productpage',
      base: 'main',
      title:
        'Expose productpage.bookinfo.appk8s.com through bookinfo/productpage',
    });
    expect(pr.body).toContain('role: **developer**');
    expect(pr.body).toContain(
      'Certificate istio-system/bookinfo-productpage-tls',
    );
    expect(pr.body).toContain('cert-manager#2358');
    expect(github.reviewRequests).toEqual([
      expect.objectContaining({ team_reviewers: ['mesh-admins'] }),
    ]);
  }, 60_000);

  it('fails the task with the reason when a developer asks for an admin-only change', async () => {
    const before = github.pullRequests.length;
    const result = await runTask('template:default/mesh-namespace-revision', {
      namespace: 'bookinfo',
      dataPlane: 'sidecar',
      revision: '1-24-3',
      repoUrl: 'github.com?owner=acme&repo=gitops',
    });
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'Refused by rule "admin-only-kind": Namespace bookinfo: only mesh admins may generate Namespace resources',
    );
    expect(github.pullRequests).toHaveLength(before);
  }, 60_000);

  it("refuses a developer's Gateway while Gateways are unreadable in one cluster, opening no pull request", async () => {
    hostClaimsAnswer = {
      items: [],
      clusters: [
        { cluster: 'prod', complete: true },
        {
          cluster: 'staging',
          complete: false,
          reason: 'Gateway (networking.istio.io/v1) is forbidden',
        },
      ],
    };
    const requestsBefore = github.requests.length;
    const result = await runTask('template:default/mesh-team-ingress', {
      namespace: 'bookinfo',
      name: 'details',
      serviceName: 'details',
      servicePort: 9080,
      hosts: ['details.bookinfo.appk8s.com'],
      tlsMode: 'SIMPLE',
      api: 'istio',
      repoUrl: 'github.com?owner=acme&repo=gitops',
      targetBranchName: 'main',
    });
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'Refused by rule "host-claims-unavailable": host ownership cannot be checked: staging: Gateway (networking.istio.io/v1) is forbidden;',
    );
    // Nothing reached GitHub: no branch, no file, no pull request.
    expect(github.requests.slice(requestsBefore)).toEqual([]);
  }, 60_000);
});
