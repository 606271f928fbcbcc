import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeEmulator, startKubeEmulator } from './startKubeEmulator';
import { makeSelfSignedCert } from './testing';
import { KubeObject } from './types';

/**
 * Fidelity: Debian's real kubectl 1.20 against the emulator over TLS with a token
 * (kubectl sends tokens only over TLS). The binary comes from env KUBECTL.
 */
const run = promisify(execFile);
const TOKEN = 'kubectl-token';

function kubectlPath(): string {
  const path = process.env.KUBECTL;
  if (!path || !existsSync(path)) {
    throw new Error(
      `kubectl fidelity tests need a kubectl binary: set KUBECTL to its path (Debian's kubernetes-client 1.20 is expected). KUBECTL=${
        path ?? '(unset)'
      }`,
    );
  }
  return path;
}

const objects: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
  },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
  ...['reviews-v1', 'reviews-v2', 'ratings-v1'].map(name => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'bookinfo',
      labels: { app: name.split('-')[0] },
    },
    spec: {
      containers: [
        { name: 'app', image: 'app:1' },
        { name: 'istio-proxy', image: 'proxyv2:1.24.3' },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0 },
        { name: 'istio-proxy', ready: true, restartCount: 0 },
      ],
    },
  })),
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'istiod-abc',
      namespace: 'istio-system',
      labels: { app: 'istiod' },
    },
    spec: { containers: [{ name: 'discovery', image: 'pilot:1.24.3' }] },
    status: { phase: 'Running' },
  },
  {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'bookinfo-gw', namespace: 'istio-system' },
    spec: {
      secretName: 'bookinfo-gw-tls',
      dnsNames: ['bookinfo.example.com'],
      issuerRef: { name: 'vault', kind: 'Issuer' },
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  },
];

describe('kubectl 1.20 against the emulator', () => {
  let emulator: KubeEmulator;
  let dir: string;
  let kubectl: string;

  const k = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(
      kubectl,
      [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--cache-dir',
        join(dir, 'cache'),
        ...args,
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: dir },
        timeout: 30000,
      },
    );
    return stdout;
  };
  const manifest = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    kubectl = kubectlPath();
    dir = mkdtempSync(join(tmpdir(), 'kube-emulator-kubectl-'));
    emulator = await startKubeEmulator({
      token: TOKEN,
      tls: makeSelfSignedCert(),
      objects,
    });
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: emulator',
        '  cluster:',
        `    server: ${emulator.url}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: reader',
        '  user:',
        `    token: ${TOKEN}`,
        'contexts:',
        '- name: emulator',
        '  context: {cluster: emulator, user: reader}',
        'current-context: emulator',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gets pods of a namespace as a server-side table', async () => {
    const lines = (await k('get', 'pods', '-n', 'bookinfo')).trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
    ]);
    expect(
      lines.slice(1).map(l => l.split(/\s+/).slice(0, 3).join(' ')),
    ).toEqual([
      'ratings-v1 2/2 Running',
      'reviews-v1 2/2 Running',
      'reviews-v2 2/2 Running',
    ]);
    const requests = emulator.controls
      .requests()
      .filter(r => r.path === '/api/v1/namespaces/bookinfo/pods');
    expect(requests.map(r => r.verb)).toContain('list');
  });

  it('gets -o json', async () => {
    const list = JSON.parse(
      await k('get', 'pods', '-n', 'bookinfo', '-o', 'json'),
    );
    expect(list.kind).toBe('List');
    expect(list.items.map((p: any) => `${p.kind} ${p.metadata.name}`)).toEqual([
      'Pod ratings-v1',
      'Pod reviews-v1',
      'Pod reviews-v2',
    ]);
    expect(list.items[0].metadata.uid).toEqual(expect.any(String));
    expect(
      emulator.store.get({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'bookinfo',
        name: 'ratings-v1',
      })?.metadata.uid,
    ).toBe(list.items[0].metadata.uid);
  });

  it('gets across namespaces with a label selector', async () => {
    const lines = (await k('get', 'pods', '-A', '-l', 'app=reviews'))
      .trim()
      .split('\n');
    expect(lines[0].split(/\s+/).slice(0, 2)).toEqual(['NAMESPACE', 'NAME']);
    expect(
      lines.slice(1).map(l => l.split(/\s+/).slice(0, 2).join('/')),
    ).toEqual(['bookinfo/reviews-v1', 'bookinfo/reviews-v2']);
  });

  it('watches with --output-watch-events', async () => {
    const child = spawn(
      kubectl,
      [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--cache-dir',
        join(dir, 'cache'),
        'get',
        'pods',
        '-n',
        'istio-system',
        '-w',
        '--output-watch-events',
      ],
      { env: { PATH: process.env.PATH ?? '', HOME: dir } },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    const exited = new Promise(resolve => child.on('exit', resolve));
    try {
      const waitFor = async (pattern: RegExp) => {
        const deadline = Date.now() + 15000;
        while (!pattern.test(out)) {
          if (Date.now() > deadline)
            throw new Error(`kubectl -w printed:\n${out}`);
          await new Promise(r => setTimeout(r, 50));
        }
      };
      await waitFor(/ADDED\s+istiod-abc/);
      emulator.store.put({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'istiod-canary', namespace: 'istio-system' },
        spec: { containers: [{ name: 'discovery', image: 'pilot:1.25.0' }] },
        status: { phase: 'Running' },
      });
      await waitFor(/ADDED\s+istiod-canary/);
      emulator.store.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'istio-system',
        name: 'istiod-canary',
      });
      await waitFor(/DELETED\s+istiod-canary/);
      expect(out.trim().split('\n')[0].split(/\s+/).slice(0, 2)).toEqual([
        'EVENT',
        'NAME',
      ]);
    } finally {
      child.kill();
      await exited;
    }
  });

  it('applies a manifest (create, then change) and deletes it', async () => {
    const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: productpage
  namespace: bookinfo
  labels: {app: productpage}
spec:
  replicas: 1
  selector:
    matchLabels: {app: productpage}
  template:
    metadata:
      labels: {app: productpage}
    spec:
      containers:
      - name: productpage
        image: ${image}
        ports:
        - containerPort: 9080
`;
    const file = manifest('deployment.yaml', deployment('productpage:1.20.1'));
    expect((await k('apply', '-f', file)).trim()).toBe(
      'deployment.apps/productpage created',
    );
    const ref = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'bookinfo',
      name: 'productpage',
    };
    expect(
      emulator.store.get(ref)?.metadata.annotations?.[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toContain('productpage:1.20.1');

    manifest('deployment.yaml', deployment('productpage:1.20.2'));
    expect((await k('apply', '-f', file)).trim()).toBe(
      'deployment.apps/productpage configured',
    );
    const updated = emulator.store.get(ref)!;
    expect((updated.spec as any).template.spec.containers).toEqual([
      {
        name: 'productpage',
        image: 'productpage:1.20.2',
        ports: [{ containerPort: 9080 }],
      },
    ]);
    expect(updated.metadata.generation).toBe(2);
    const patches = emulator.controls
      .requests()
      .filter(
        r => r.verb === 'patch' && r.path.endsWith('/deployments/productpage'),
      );
    expect(patches).toHaveLength(1);

    expect((await k('apply', '-f', file)).trim()).toBe(
      'deployment.apps/productpage unchanged',
    );
    expect((await k('delete', '-f', file)).trim()).toBe(
      'deployment.apps "productpage" deleted',
    );
    expect(emulator.store.get(ref)).toBeUndefined();
  });

  it('handles custom resources: apply a PeerAuthentication, get Certificates', async () => {
    const pa = (mode: string) => `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata:
  name: default
  namespace: bookinfo
spec:
  mtls:
    mode: ${mode}
`;
    const file = manifest('pa.yaml', pa('STRICT'));
    expect((await k('apply', '-f', file)).trim()).toBe(
      'peerauthentication.security.istio.io/default created',
    );
    manifest('pa.yaml', pa('PERMISSIVE'));
    expect((await k('apply', '-f', file)).trim()).toBe(
      'peerauthentication.security.istio.io/default configured',
    );
    expect(
      await k(
        'get',
        'pa',
        'default',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.apiVersion} {.spec.mtls.mode}',
      ),
    ).toBe('security.istio.io/v1 PERMISSIVE');
    const certs = (await k('get', 'certificates', '-A')).trim().split('\n');
    expect(certs[1].split(/\s+/).slice(0, 2)).toEqual([
      'istio-system',
      'bookinfo-gw',
    ]);
    const cert = JSON.parse(
      await k('get', 'cert', 'bookinfo-gw', '-n', 'istio-system', '-o', 'json'),
    );
    expect(cert.status.conditions[0]).toEqual({
      type: 'Ready',
      status: 'True',
    });
    expect(
      (
        await k('delete', 'peerauthentication', 'default', '-n', 'bookinfo')
      ).trim(),
    ).toBe('peerauthentication.security.istio.io "default" deleted');
  });

  it('reports server errors the way kubectl prints them', async () => {
    emulator.controls.forbid('secrets');
    await expect(k('get', 'secrets', '-n', 'bookinfo')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:backstage:meshwise" cannot list resource "secrets"',
      ),
    });
    emulator.controls.allow('secrets');
    await expect(
      k('get', 'pod', 'nope', '-n', 'bookinfo'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'Error from server (NotFound): pods "nope" not found',
      ),
    });
  });
});
