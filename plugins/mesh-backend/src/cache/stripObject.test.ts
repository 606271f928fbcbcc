import { stripObject } from './stripObject';
import { ValuePool } from './ValuePool';
import { CachedKind, watchedKinds } from './watchedKinds';

/** Every kind the cache can read, Secrets (metadata only) included. */
const ALL_KINDS = watchedKinds({ secretMetadata: true });

function watched(group: string, kind: string): CachedKind {
  const found = ALL_KINDS.find(k => k.group === group && k.kind === kind);
  if (!found) throw new Error(`${kind} is not watched`);
  return found;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const bulkyMetadata = {
  name: 'web',
  namespace: 'shop',
  uid: 'u-1',
  resourceVersion: '7',
  selfLink: '/api/v1/namespaces/shop/pods/web',
  labels: { app: 'web' },
  annotations: { [LAST_APPLIED]: '{"kind":"Pod"}', 'istio.io/rev': 'canary' },
  ownerReferences: [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web-1',
      uid: 'rs',
      controller: true,
    },
  ],
  managedFields: [{ manager: 'kubectl', fieldsV1: {} }],
};

const podSpec = {
  serviceAccountName: 'web',
  serviceAccount: 'web',
  automountServiceAccountToken: false,
  nodeName: 'node-1',
  volumes: [{ name: 'data', emptyDir: {} }],
  tolerations: [{ key: 'x' }],
  initContainers: [
    {
      name: 'istio-proxy',
      image: 'istio/proxyv2:1.24.3',
      restartPolicy: 'Always',
      args: ['proxy', 'sidecar'],
      env: [{ name: 'PROXY_CONFIG', value: '{}' }],
      resources: { limits: { cpu: '2' } },
    },
  ],
  containers: [
    {
      name: 'app',
      image: 'example/web:1',
      ports: [{ containerPort: 8080 }],
      livenessProbe: {
        httpGet: { path: '/app-health/app/livez', port: 15020 },
      },
      securityContext: { runAsUser: 1000 },
      env: [{ name: 'TOKEN', value: 'x' }],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      terminationMessagePath: '/dev/termination-log',
    },
  ],
};

describe('stripObject', () => {
  it('keeps what the analyzers read of a Pod and drops the bulk', () => {
    const raw = {
      metadata: bulkyMetadata,
      spec: podSpec,
      status: {
        phase: 'Running',
        hostIP: '10.0.0.1',
        podIP: '10.1.0.9',
        qosClass: 'Burstable',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 2,
            image: 'example/web:1',
            imageID: 'sha256:1',
            containerID: 'c://1',
            state: { running: {} },
          },
        ],
      },
    };
    const before = JSON.stringify(raw);

    expect(stripObject(raw, watched('', 'Pod'), 'v1')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      // No uid, resourceVersion or podIP: unique per pod, and never read.
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { 'istio.io/rev': 'canary' },
        ownerReferences: bulkyMetadata.ownerReferences,
      },
      spec: {
        serviceAccountName: 'web',
        automountServiceAccountToken: false,
        nodeName: 'node-1',
        containers: [
          {
            name: 'app',
            image: 'example/web:1',
            ports: [{ containerPort: 8080 }],
            livenessProbe: {
              httpGet: { path: '/app-health/app/livez', port: 15020 },
            },
            securityContext: { runAsUser: 1000 },
          },
        ],
        initContainers: [
          {
            name: 'istio-proxy',
            image: 'istio/proxyv2:1.24.3',
            args: ['proxy', 'sidecar'],
            restartPolicy: 'Always',
          },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 2,
            image: 'example/web:1',
            state: { running: {} },
          },
        ],
      },
    });
    expect(JSON.stringify(raw)).toBe(before);
  });

  it('strips the pod template of workloads the same way and keeps the rest of the spec', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: bulkyMetadata,
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: {
              'sidecar.istio.io/inject': 'true',
              [LAST_APPLIED]: '{}',
            },
          },
          spec: podSpec,
        },
      },
      status: { readyReplicas: 3 },
    };
    const stripped = stripObject(
      deployment,
      watched('apps', 'Deployment'),
      'apps/v1',
    );
    expect(stripped.metadata).not.toHaveProperty('managedFields');
    expect(stripped.spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: {
          labels: { app: 'web' },
          annotations: { 'sidecar.istio.io/inject': 'true' },
        },
        spec: expect.objectContaining({ serviceAccountName: 'web' }),
      },
    });
    const templateSpec = (stripped.spec as any).template.spec;
    expect(templateSpec).not.toHaveProperty('volumes');
    // Names only: a value may be a credential.
    expect(templateSpec.containers[0].env).toEqual([{ name: 'TOKEN' }]);
    expect(stripped.status).toEqual({ readyReplicas: 3 });
  });

  it("keeps a workload template's env names, and literal values only of the settings analyzers read", () => {
    const istiod = {
      metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'discovery',
                env: [
                  { name: 'REVISION', value: 'default' },
                  { name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '10.0.0.0/8' },
                  {
                    name: 'PILOT_CERT',
                    valueFrom: { secretKeyRef: { name: 'c', key: 'k' } },
                  },
                ],
              },
            ],
          },
        },
      },
    };
    const template = (
      stripObject(istiod, watched('apps', 'Deployment'), 'apps/v1').spec as any
    ).template.spec;
    expect(template.containers[0].env).toEqual([
      { name: 'REVISION' },
      { name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '10.0.0.0/8' },
      { name: 'PILOT_CERT' },
    ]);
    // Pods keep no env at all (most objects, and nothing reads it there).
    const pod = stripObject(
      { metadata: { name: 'p' }, spec: istiod.spec.template.spec },
      watched('', 'Pod'),
      'v1',
    );
    expect((pod.spec as any).containers[0]).not.toHaveProperty('env');
  });

  it('drops the CA bundles of webhook configurations but keeps their routing', () => {
    const webhooks = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {
        name: 'istio-sidecar-injector-canary',
        labels: { 'istio.io/rev': 'canary' },
      },
      webhooks: [
        {
          name: 'rev.namespace.sidecar-injector.istio.io',
          clientConfig: {
            caBundle: 'LS0tLS1CRUdJTi...',
            service: {
              name: 'istiod-canary',
              namespace: 'istio-system',
              path: '/inject',
              port: 443,
            },
          },
          namespaceSelector: { matchLabels: { 'istio.io/rev': 'canary' } },
        },
      ],
    };
    const stripped = stripObject(
      webhooks,
      watched('admissionregistration.k8s.io', 'MutatingWebhookConfiguration'),
      'admissionregistration.k8s.io/v1',
    );
    expect(stripped.webhooks).toEqual([
      {
        name: 'rev.namespace.sidecar-injector.istio.io',
        clientConfig: {
          service: {
            name: 'istiod-canary',
            namespace: 'istio-system',
            path: '/inject',
            port: 443,
          },
        },
        namespaceSelector: { matchLabels: { 'istio.io/rev': 'canary' } },
      },
    ]);
    expect(webhooks.webhooks[0].clientConfig.caBundle).toBe(
      'LS0tLS1CRUdJTi...',
    );
  });

  it('keeps only metadata of metadata-only kinds, whatever the server sent', () => {
    const fullReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'shop' },
      spec: { replicas: 3, template: { spec: podSpec } },
      status: { replicas: 3 },
    };
    expect(
      stripObject(fullReplicaSet, watched('apps', 'ReplicaSet'), 'apps/v1'),
    ).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'shop' },
    });
    const partial = {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: {
        name: 'web-1',
        ownerReferences: [{ kind: 'Deployment', name: 'web' }],
      },
    };
    expect(
      stripObject(partial, watched('apps', 'ReplicaSet'), 'apps/v1'),
    ).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: partial.metadata,
    });
  });

  it('keeps custom resources whole apart from metadata bulk, at the served version', () => {
    const gateway = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { ...bulkyMetadata, annotations: { [LAST_APPLIED]: '{}' } },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['*'],
            tls: { mode: 'SIMPLE', credentialName: 'web-cert' },
          },
        ],
      },
    };
    const stripped = stripObject(
      gateway,
      watched('networking.istio.io', 'Gateway'),
      'networking.istio.io/v1',
    );
    expect(stripped.apiVersion).toBe('networking.istio.io/v1');
    expect(stripped.spec).toBe(gateway.spec);
    expect(stripped.metadata).not.toHaveProperty('annotations');
    expect(stripped.metadata).not.toHaveProperty('managedFields');
    expect(stripped.metadata).not.toHaveProperty('selfLink');
    expect(Object.keys(stripped).slice(0, 3)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
    ]);
  });

  it('copes with objects missing the parts it strips', () => {
    expect(stripObject({}, watched('', 'Pod'), 'v1')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {},
    });
    expect(
      stripObject(
        { metadata: null, spec: { template: 'odd' } },
        watched('apps', 'Deployment'),
        'apps/v1',
      ),
    ).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {},
      spec: { template: 'odd' },
    });
  });

  it('shares what pods of one template have in common, and nothing unique', () => {
    const pool = new ValuePool();
    const podOf = (name: string, ip: string) =>
      JSON.parse(
        JSON.stringify({
          metadata: { ...bulkyMetadata, name, uid: `uid-${name}` },
          spec: podSpec,
          status: {
            phase: 'Running',
            podIP: ip,
            conditions: [
              {
                type: 'Ready',
                status: 'True',
                lastTransitionTime: `2026-01-01T00:00:0${ip.length}Z`,
              },
            ],
          },
        }),
      );
    const kind = watched('', 'Pod');
    const a = stripObject(podOf('web-a', '10.0.0.1'), kind, 'v1', pool);
    const b = stripObject(podOf('web-b', '10.0.0.22'), kind, 'v1', pool);

    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.metadata.annotations).toBe(a.metadata.annotations);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect((b.spec as any).containers).toBe((a.spec as any).containers);
    expect((b.spec as any).initContainers).toBe((a.spec as any).initContainers);
    expect((b.status as any).conditions).toBe((a.status as any).conditions);
    expect(Object.isFrozen((a.spec as any).containers[0])).toBe(true);

    expect(b.metadata).not.toBe(a.metadata);
    expect(b.metadata.name).toBe('web-b');
    expect((b.status as any).phase).toBe('Running');
    // The object itself stays writable: a sink may add its own bookkeeping.
    expect(Object.isFrozen(b)).toBe(false);
    expect(Object.isFrozen(b.metadata)).toBe(false);
  });

  describe('never keeps', () => {
    const secretData = { 'tls.key': 'c2VjcmV0' };
    const secret = {
      metadata: {
        name: 'tls',
        namespace: 'istio-system',
        labels: { app: 'gateway' },
        annotations: {
          // kubectl copies the whole manifest here, data included.
          [LAST_APPLIED]: JSON.stringify({ data: secretData }),
          'cert-manager.io/certificate-name': 'web',
        },
        managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': {} } }],
      },
      type: 'kubernetes.io/tls',
      data: secretData,
      stringData: { password: 'plain' },
    };
    const onlyMetadata = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'tls',
        namespace: 'istio-system',
        labels: { app: 'gateway' },
        annotations: { 'cert-manager.io/certificate-name': 'web' },
      },
    };

    it('a Secret’s data, whatever the kind’s read options say', () => {
      expect(stripObject(secret, watched('', 'Secret'), 'v1')).toEqual(
        onlyMetadata,
      );
      // Even read as a whole object, as the plugin never asks for it.
      const readWhole: CachedKind = {
        group: '',
        kind: 'Secret',
        plural: 'secrets',
        namespaced: true,
        versions: ['v1'],
      };
      const stripped = stripObject(secret, readWhole, 'v1', new ValuePool());
      expect(stripped).toEqual(onlyMetadata);
      expect(JSON.stringify(stripped)).not.toContain('c2VjcmV0');
    });

    it('managedFields, in the metadata of every kind and of pod templates', () => {
      const managedFields = [{ manager: 'kubectl', fieldsV1: {} }];
      const template = {
        metadata: { labels: { app: 'web' }, managedFields },
        spec: podSpec,
      };
      for (const [group, kind, raw] of [
        ['', 'Pod', { metadata: bulkyMetadata, spec: podSpec }],
        ['', 'Secret', secret],
        ['', 'ServiceAccount', { metadata: bulkyMetadata }],
        ['apps', 'ReplicaSet', { metadata: bulkyMetadata }],
        ['apps', 'Deployment', { metadata: bulkyMetadata, spec: { template } }],
        ['networking.istio.io', 'Gateway', { metadata: bulkyMetadata }],
      ] as const) {
        const stripped = stripObject(raw, watched(group, kind), 'v1');
        expect(JSON.stringify(stripped)).not.toContain('managedFields');
        expect(stripped.metadata.name).toBe(raw.metadata.name);
      }
    });

    it('the last-applied-configuration annotation, keeping the other annotations', () => {
      const template = {
        metadata: {
          annotations: { [LAST_APPLIED]: '{}', 'istio.io/rev': 'canary' },
        },
        spec: podSpec,
      };
      const deployment = stripObject(
        { metadata: bulkyMetadata, spec: { template } },
        watched('apps', 'Deployment'),
        'apps/v1',
      );
      expect(deployment.metadata.annotations).toEqual({
        'istio.io/rev': 'canary',
      });
      expect((deployment.spec as any).template.metadata.annotations).toEqual({
        'istio.io/rev': 'canary',
      });
      // An object whose only annotation it was has no annotations left.
      const gateway = stripObject(
        { metadata: { name: 'gw', annotations: { [LAST_APPLIED]: '{}' } } },
        watched('networking.istio.io', 'Gateway'),
        'networking.istio.io/v1',
      );
      expect(gateway.metadata).toEqual({ name: 'gw' });
      expect(
        stripObject(secret, watched('', 'Secret'), 'v1').metadata.annotations,
      ).not.toHaveProperty([LAST_APPLIED]);
    });
  });
});
