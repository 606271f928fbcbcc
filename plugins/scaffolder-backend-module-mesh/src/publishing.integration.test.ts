import type { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import { FakeGitHub } from './__testUtils__/FakeGitHub';
import { Portal, startPortal } from './__testUtils__/realScaffolder';

// The five templates in portals that can publish to GitHub only, to GitLab
// only, or nowhere: the real scaffolder looks a step's action up only when its
// `if` holds, and mesh:publisher:resolve decides which publishing step holds,
// so no run ends in "action is not registered".

const NOT_REGISTERED = /is not registered/;

// Values each template accepts; a developer of team-bookinfo runs the team
// templates, a mesh admin the admin ones.
const runs: Record<
  string,
  { user: 'alice' | 'root'; values: JsonObject; generated: string }
> = {
  'team-ingress': {
    user: 'alice',
    values: {
      namespace: 'bookinfo',
      name: 'productpage',
      serviceName: 'productpage',
      servicePort: 9080,
      hosts: ['productpage.bookinfo.appk8s.com'],
      tlsMode: 'SIMPLE',
      api: 'istio',
    },
    generated: 'teams/team-bookinfo/bookinfo/gateway-productpage.yaml',
  },
  'team-authorization-policy': {
    user: 'alice',
    values: {
      namespace: 'bookinfo',
      name: 'ratings-from-reviews',
      selector: { app: 'ratings' },
      fromPrincipals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
      methods: ['GET'],
    },
    generated:
      'teams/team-bookinfo/bookinfo/authorizationpolicy-ratings-from-reviews.yaml',
  },
  'mesh-admin-policies': {
    user: 'root',
    values: { generatePeerAuthentication: true, mtlsMode: 'STRICT' },
    generated: 'mesh-admin/istio-system/peerauthentication-default.yaml',
  },
  'namespace-revision': {
    user: 'root',
    values: { namespace: 'bookinfo', dataPlane: 'sidecar', revision: '1-24-3' },
    generated: 'mesh-admin/bookinfo/namespace-bookinfo.yaml',
  },
  'eck-in-mesh': {
    user: 'alice',
    values: { namespace: 'bookinfo', name: 'logs', version: '8.17.0' },
    generated: 'teams/team-bookinfo/bookinfo/elasticsearch-logs.yaml',
  },
};

const GITHUB_REPO = 'github.com?owner=acme&repo=gitops';
const GITLAB_REPO = 'gitlab.com?owner=acme&repo=gitops';

describe('publishing in a portal without any publishing module', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ modules: [] });
  }, 60_000);
  afterAll(() => portal?.stop());

  it.each(Object.entries(runs))(
    '%s dry-runs to the manifests and says publishing was skipped',
    async (dir, { user, values, generated }) => {
      const result = await portal.dryRun(
        dir,
        { ...values, repoUrl: GITHUB_REPO },
        user,
      );
      expect(result.log).not.toMatch(NOT_REGISTERED);
      expect(result.status).toBe(200);
      expect([...result.files.keys()]).toContain(generated);
      expect(result.log).toContain(
        'publishing to github.com needs the scaffolder action publish:github:pull-request, which this portal does not register (its backend does not add @backstage/plugin-scaffolder-backend-module-github); this dry run skips publishing, and a real run would stop here',
      );
    },
    60_000,
  );

  it('refuses an AuthorizationPolicy whose "who may call" is empty, unless every caller in the namespace is chosen', async () => {
    const noCallers = {
      namespace: 'bookinfo',
      name: 'ratings-open',
      selector: { app: 'ratings' },
      methods: ['GET'],
      repoUrl: GITHUB_REPO,
    };
    const refused = await portal.dryRun('team-authorization-policy', noCallers);
    expect(refused.status).toBe(400);
    expect(refused.log).toMatch(
      /^Refused by rule "named-callers": AuthorizationPolicy bookinfo\/ratings-open: rule 1 names no caller/,
    );

    const chosen = await portal.dryRun('team-authorization-policy', {
      ...noCallers,
      allowEveryCallerInNamespace: true,
    });
    expect(chosen.status).toBe(200);
    const policy = parse(
      chosen.files.get(
        'teams/team-bookinfo/bookinfo/authorizationpolicy-ratings-open.yaml',
      )!,
    );
    expect(policy.spec.rules).toEqual([
      {
        from: [{ source: { namespaces: ['bookinfo'] } }],
        to: [{ operation: { methods: ['GET'] } }],
      },
    ]);
    expect(chosen.log).toContain(
      'Allows every workload in namespace bookinfo to call app=ratings (rule 1): chosen explicitly',
    );
  }, 60_000);

  it('refuses a mesh-admin-policies run that switches every change off, saying there is nothing to publish', async () => {
    const result = await portal.dryRun(
      'mesh-admin-policies',
      {
        generatePeerAuthentication: false,
        generateJwt: false,
        repoUrl: GITHUB_REPO,
      },
      'root',
    );
    expect(result.status).toBe(400);
    expect(result.log).toBe(
      'Refused by rule "publisher": nothing was generated, so there is nothing to publish; choose at least one change',
    );
  }, 60_000);

  it('refuses a real run before publishing, with the reason, and logs the manifests it generated', async () => {
    const result = await portal.runTask(
      'template:default/mesh-team-authorization-policy',
      { ...runs['team-authorization-policy'].values, repoUrl: GITLAB_REPO },
    );
    expect(result.status).toBe('failed');
    expect(result.log).not.toMatch(NOT_REGISTERED);
    expect(result.log).toContain(
      'Refused by rule "publisher": publishing to gitlab.com needs the scaffolder action publish:gitlab:merge-request, which this portal does not register (its backend does not add @backstage/plugin-scaffolder-backend-module-gitlab); nothing was published',
    );
    expect(result.log).toContain(
      'teams/team-bookinfo/bookinfo/authorizationpolicy-ratings-from-reviews.yaml:\napiVersion: security.istio.io/v1',
    );
  }, 60_000);
});

describe('publishing in a portal with the GitHub module only', () => {
  const github = new FakeGitHub();
  let portal: Portal;
  beforeAll(async () => {
    const apiBaseUrl = await github.start();
    portal = await startPortal({
      modules: ['github'],
      integrations: {
        github: [
          { host: 'github.com', apiBaseUrl, token: 'fake-token' },
          // A GitHub host whose API does not answer: publishing fails there.
          {
            host: 'ghe.example.com',
            apiBaseUrl: 'http://127.0.0.1:9/api/v3',
            token: 'fake-token',
          },
        ],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await portal?.stop();
    await github.stop();
  });

  it('opens the pull request for a github.com repository', async () => {
    const result = await portal.runTask(
      'template:default/mesh-team-authorization-policy',
      { ...runs['team-authorization-policy'].values, repoUrl: GITHUB_REPO },
    );
    expect(result.log).not.toContain('Refused');
    expect(result.status).toBe('completed');
    expect(result.log).toContain(
      'publishing with publish:github:pull-request to github.com',
    );
    expect(github.pullRequests).toHaveLength(1);
    expect([...github.files.keys()]).toEqual([
      runs['team-authorization-policy'].generated,
    ]);
  }, 60_000);

  it('refuses a gitlab.com repository before publishing, naming the missing module', async () => {
    const before = github.requests.length;
    const result = await portal.runTask('template:default/mesh-eck-in-mesh', {
      ...runs['eck-in-mesh'].values,
      repoUrl: GITLAB_REPO,
    });
    expect(result.status).toBe('failed');
    expect(result.log).not.toMatch(NOT_REGISTERED);
    expect(result.log).toContain(
      'Refused by rule "publisher": publishing to gitlab.com needs the scaffolder action publish:gitlab:merge-request',
    );
    expect(github.requests.slice(before)).toEqual([]);
  }, 60_000);

  it('keeps the generated manifests in the log when publishing fails', async () => {
    const result = await portal.runTask(
      'template:default/mesh-team-authorization-policy',
      {
        ...runs['team-authorization-policy'].values,
        repoUrl: 'ghe.example.com?owner=acme&repo=gitops',
      },
    );
    expect(result.status).toBe('failed');
    const yamlStart = result.log.indexOf(
      `${runs['team-authorization-policy'].generated}:\n`,
    );
    expect(yamlStart).toBeGreaterThanOrEqual(0);
    const logged = result.log.slice(yamlStart).split('\n').slice(1).join('\n');
    const policy = parse(
      logged.slice(0, logged.indexOf('\n\n') + 1 || undefined),
    );
    expect(policy).toMatchObject({
      kind: 'AuthorizationPolicy',
      metadata: { name: 'ratings-from-reviews', namespace: 'bookinfo' },
    });
  }, 60_000);
});

describe('publishing in a portal with the GitLab module only', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ modules: ['gitlab'] });
  }, 60_000);
  afterAll(() => portal?.stop());

  it('dry-runs a gitlab.com repository through the merge-request step', async () => {
    const result = await portal.dryRun(
      'namespace-revision',
      {
        ...runs['namespace-revision'].values,
        repoUrl: GITLAB_REPO,
      },
      'root',
    );
    expect(result.status).toBe(200);
    expect(result.log).toContain(
      'publishing with publish:gitlab:merge-request to gitlab.com',
    );
    expect(result.log).toContain(
      'Running publish:gitlab:merge-request in dry-run mode',
    );
    expect([...result.files.keys()]).toContain(
      runs['namespace-revision'].generated,
    );
  }, 60_000);

  it('refuses a github.com repository in a real run, naming the missing module', async () => {
    const result = await portal.runTask(
      'template:default/mesh-namespace-revision',
      { ...runs['namespace-revision'].values, repoUrl: GITHUB_REPO },
      'root',
    );
    expect(result.status).toBe('failed');
    expect(result.log).not.toMatch(NOT_REGISTERED);
    expect(result.log).toContain(
      '(its backend does not add @backstage/plugin-scaffolder-backend-module-github); nothing was published',
    );
  }, 60_000);
});
