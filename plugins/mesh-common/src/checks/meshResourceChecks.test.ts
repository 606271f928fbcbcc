import { loadFixture } from '../__testUtils__/fixtureView';
import { flagged, withYaml } from '../__testUtils__/verdicts';
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
