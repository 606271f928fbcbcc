import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * Telemetry and ServiceEntry checks, with fixtures written from istioctl's
 * telemetry selector analyzers and its ServiceEntry analyzers (protocol
 * addresses, conflicting protocols). bookinfo has pods app=productpage and
 * app=details, version=v1, in namespace bookinfo; its mesh config sets no
 * DNS capture.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const telemetry = (name: string, spec: object, namespace = 'bookinfo') => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;
const tracing = { tracing: [{ randomSamplingPercentage: 10 }] };

describe('Telemetry (MW813 / IST0101, MW814 / IST0159, MW815 / IST0160)', () => {
  const cluster = withYaml(
    bookinfo,
    telemetry('default', tracing),
    telemetry('default-too', tracing),
    // an empty selector is neither selector-less nor a selector for istioctl
    telemetry('empty-selector', { selector: {}, ...tracing }),
    telemetry('productpage', {
      selector: { matchLabels: { app: 'productpage' } },
      ...tracing,
    }),
    telemetry('v1', {
      selector: { matchLabels: { version: 'v1' } },
      ...tracing,
    }),
    telemetry('nobody', {
      selector: { matchLabels: { app: 'ratings' } },
      ...tracing,
    }),
    telemetry('alone', tracing, 'other'),
  );

  it('MW813: matchLabels that match no pod of the namespace', () => {
    expect(flagged(cluster, 'MW813')).toEqual(['Telemetry bookinfo/nobody']);
  });

  it('MW814: each Telemetry selecting a pod another one selects', () => {
    expect(flagged(cluster, 'MW814')).toEqual([
      'Telemetry bookinfo/productpage',
      'Telemetry bookinfo/v1',
    ]);
  });

  it('MW815: several Telemetries without a selector in one namespace', () => {
    expect(flagged(cluster, 'MW815')).toEqual([
      'Telemetry bookinfo/default',
      'Telemetry bookinfo/default-too',
    ]);
  });

  it('decides no selector match while pods cannot be read', () => {
    const states = [{ kind: Kinds.Pod, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW813', { states })).toEqual([]);
  });
});

const serviceEntry = (name: string, spec: object, namespace = 'bookinfo') => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

describe('ServiceEntry addresses (MW816 / IST0134)', () => {
  const entries = [
    serviceEntry('tcp-no-address', {
      hosts: ['db.example.com'],
      ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }],
      resolution: 'DNS',
    }),
    serviceEntry('unset-protocol', {
      hosts: ['cache.example.com'],
      ports: [{ number: 6379, name: 'redis' }],
      resolution: 'DNS',
    }),
    serviceEntry('tcp-with-address', {
      hosts: ['db2.example.com'],
      addresses: ['10.1.2.3/32'],
      ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }],
      resolution: 'DNS',
    }),
    serviceEntry('https-only', {
      hosts: ['api.example.com'],
      ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
      resolution: 'DNS',
    }),
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: allocated, namespace: bookinfo }
spec:
  hosts: [queue.example.com]
  ports: [{ number: 5672, name: amqp, protocol: TCP }]
  resolution: DNS
status: { addresses: [{ value: 240.240.0.1 }] }
`,
  ];

  it('reports TCP or protocol-less ports without addresses, allocated ones excepted', () => {
    expect(flagged(withYaml(bookinfo, ...entries), 'MW816')).toEqual([
      'ServiceEntry bookinfo/tcp-no-address',
      'ServiceEntry bookinfo/unset-protocol',
    ]);
  });

  it('reports none when the mesh config has the DNS proxy allocate addresses', () => {
    const autoAllocate = bookinfo.map(o =>
      o.kind === 'ConfigMap' && o.metadata?.name === 'istio'
        ? {
            ...o,
            data: {
              ...(o as any).data,
              mesh: `defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n`,
            },
          }
        : o,
    );
    expect(flagged(withYaml(autoAllocate, ...entries), 'MW816')).toEqual([]);
    // DNS capture alone does not allocate.
    const captureOnly = bookinfo.map(o =>
      o.kind === 'ConfigMap' && o.metadata?.name === 'istio'
        ? {
            ...o,
            data: {
              ...(o as any).data,
              mesh: `defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n`,
            },
          }
        : o,
    );
    expect(flagged(withYaml(captureOnly, ...entries), 'MW816')).toHaveLength(2);
  });
});

describe('ServiceEntry protocols (MW817 / IST0177, KIA1212)', () => {
  const port = (protocol: string) => [
    { number: 8080, name: `p-${protocol.toLowerCase()}`, protocol },
  ];
  const cluster = withYaml(
    bookinfo,
    serviceEntry('http', { hosts: ['svc.example.com'], ports: port('HTTP') }),
    serviceEntry('tcp', { hosts: ['svc.example.com'], ports: port('TCP') }),
    // same protocol, other case: no conflict
    serviceEntry('same-a', {
      hosts: ['same.example.com'],
      ports: port('HTTP'),
    }),
    serviceEntry('same-b', {
      hosts: ['same.example.com'],
      ports: port('http'),
    }),
    // exported to different namespaces: no conflict
    serviceEntry('local-a', {
      hosts: ['local.example.com'],
      exportTo: ['.'],
      ports: port('HTTP'),
    }),
    serviceEntry(
      'local-b',
      { hosts: ['local.example.com'], exportTo: ['.'], ports: port('TCP') },
      'other',
    ),
    // a local one against one exported everywhere
    serviceEntry('scoped', {
      hosts: ['mixed.example.com'],
      exportTo: ['.'],
      ports: port('GRPC'),
    }),
    serviceEntry(
      'everywhere',
      { hosts: ['mixed.example.com'], ports: port('HTTP2') },
      'other',
    ),
  );

  it('reports every ServiceEntry of a host and port with several protocols in one scope', () => {
    expect(flagged(cluster, 'MW817')).toEqual([
      'ServiceEntry bookinfo/http',
      'ServiceEntry bookinfo/scoped',
      'ServiceEntry bookinfo/tcp',
      'ServiceEntry other/everywhere',
    ]);
  });
});

describe('Service ports (MW818 / IST0118, KIA0601; MW819 / IST0150)', () => {
  const service = (
    name: string,
    ports: object[],
    extra: { labels?: object; type?: string } = {},
  ) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: bookinfo, labels: ${JSON.stringify(
    extra.labels ?? {},
  )} }
spec: ${JSON.stringify({
    ...(extra.type
      ? { type: extra.type, externalName: 'db.example.com' }
      : { selector: { app: name } }),
    ports,
  })}
`;
  const cluster = withYaml(
    bookinfo,
    service('named', [
      { name: 'http-web', port: 80 },
      { name: 'GRPC', port: 90 },
      { name: 'grpc-web-ui', port: 91 },
      { name: 'tcp', port: 92 },
    ]),
    service('app-protocol', [{ name: 'web', port: 80, appProtocol: 'http' }]),
    service('h2c', [
      { name: 'web', port: 80, appProtocol: 'kubernetes.io/h2c' },
    ]),
    service('udp', [{ name: 'stats', port: 8125, protocol: 'UDP' }]),
    service('dns', [{ name: 'dns', port: 53 }]),
    service('unnamed-port', [
      { name: 'web', port: 8080 },
      { name: 'metrics', port: 9090 },
    ]),
    // istio's own Services are left alone
    service(
      'istiod-like',
      [
        { name: 'grpc-xds', port: 15010 },
        { name: 'webhook', port: 443 },
      ],
      {
        labels: { istio: 'pilot' },
      },
    ),
    service('external-tcp', [{ name: 'tcp', port: 5432 }], {
      type: 'ExternalName',
    }),
    service('external-named', [{ name: 'https', port: 443 }], {
      type: 'ExternalName',
    }),
  );

  it('MW818: one finding per port whose name or appProtocol declares no protocol', () => {
    expect(flagged(cluster, 'MW818')).toEqual([
      'Service bookinfo/unnamed-port',
    ]);
    expect(
      findingsOf(cluster, 'MW818')
        .map(f => f.id.split('#')[1])
        .sort(),
    ).toEqual(['8080', '9090']);
  });

  it('MW819: an ExternalName Service port named tcp', () => {
    expect(flagged(cluster, 'MW819')).toEqual([
      'Service bookinfo/external-tcp',
    ]);
  });
});

describe('Services of one Deployment (MW823 / IST0116, MW824 / IST0137)', () => {
  const deployment = (name: string, labels: object, namespace = 'bookinfo') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: ${JSON.stringify({ app: name, ...labels })} }
    spec: { containers: [{ name: app, image: "app:1" }] }
`;
  const service = (
    name: string,
    app: string,
    ports: object[],
    namespace = 'bookinfo',
  ) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({ selector: { app }, ports })}
`;
  const cluster = withYaml(
    bookinfo,
    `
apiVersion: v1
kind: Namespace
metadata: { name: outside }
`,
    // bookinfo has istio-injection=enabled
    deployment('protocols', {}),
    service('protocols-tcp', 'protocols', [{ name: 'tcp-a', port: 9000 }]),
    service('protocols-udp', 'protocols', [
      { name: 'udp-a', port: 9000, protocol: 'UDP' },
    ]),
    deployment('targets', {}),
    service('targets-a', 'targets', [
      { name: 'http-a', port: 80, targetPort: 8080 },
    ]),
    service('targets-b', 'targets', [
      { name: 'http-b', port: 81, targetPort: 8080 },
    ]),
    deployment('consistent', {}),
    service('consistent-a', 'consistent', [
      { name: 'http', port: 80, targetPort: 8080 },
    ]),
    service('consistent-b', 'consistent', [
      { name: 'http', port: 80, targetPort: 8080 },
    ]),
    // opted out of injection: not in the mesh
    deployment('opted-out', { 'sidecar.istio.io/inject': 'false' }),
    service('opted-out-a', 'opted-out', [
      { name: 'http-a', port: 80, targetPort: 8080 },
    ]),
    service('opted-out-b', 'opted-out', [
      { name: 'http-b', port: 81, targetPort: 8080 },
    ]),
    // not injected namespace
    deployment('outside', {}, 'outside'),
    service(
      'outside-a',
      'outside',
      [{ name: 'http-a', port: 80, targetPort: 8080 }],
      'outside',
    ),
    service(
      'outside-b',
      'outside',
      [{ name: 'http-b', port: 81, targetPort: 8080 }],
      'outside',
    ),
  );

  it('MW823: one port with different protocols across the Services of a meshed Deployment', () => {
    expect(flagged(cluster, 'MW823')).toEqual([
      'Deployment bookinfo/protocols',
    ]);
  });

  it('MW824: one targetPort behind different Service ports of a meshed Deployment', () => {
    expect(flagged(cluster, 'MW824')).toEqual(['Deployment bookinfo/targets']);
  });
});
