import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * bookinfo: Services bookinfo/productpage and bookinfo/details (port 9080),
 * pods labelled app/version=v1, DestinationRule bookinfo/productpage with
 * subset v1. The fixtures below are written from istioctl's analyzers'
 * rules (virtualservice, destinationrule, sidecar): each case names whether
 * it must be reported.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');
const ambient = loadFixture('ambient.yaml');

const vs = (name: string, spec: object, namespace = 'bookinfo') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;
const route = (destination: object) => ({
  http: [{ route: [{ destination }] }],
});

const SERVICE_ENTRIES = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: payments, namespace: bookinfo }
spec:
  hosts: [api.payments.example.com]
  ports: [{ number: 443, name: https, protocol: TLS }, { number: 80, name: http, protocol: HTTP }]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: private, namespace: other }
spec:
  hosts: [private.example.com]
  exportTo: ["."]
  ports: [{ number: 443, name: https, protocol: TLS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wildcard, namespace: bookinfo }
spec:
  hosts: ["*.cdn.example.com"]
  ports: [{ number: 443, name: https, protocol: TLS }]
---
apiVersion: v1
kind: Service
metadata:
  name: hidden
  namespace: other
  annotations: { networking.istio.io/exportTo: "." }
spec: { selector: { app: hidden }, ports: [{ port: 80 }] }
`;

describe('VirtualService destinations (MW801 / IST0101 host, MW802 / IST0101 host:port, MW803 / IST0112)', () => {
  const cluster = withYaml(
    bookinfo,
    SERVICE_ENTRIES,
    vs('short-name', route({ host: 'details' })),
    vs('fqdn', route({ host: 'details.bookinfo.svc.cluster.local' })),
    vs('missing-service', route({ host: 'ratings' })),
    // "details.bookinfo" is not made an FQDN (it has a dot): not found.
    vs('two-part-name', route({ host: 'details.bookinfo' })),
    vs(
      'service-entry',
      route({ host: 'api.payments.example.com', port: { number: 443 } }),
    ),
    vs('wildcard-entry', route({ host: 'img.cdn.example.com' })),
    // exported only to its own namespace "other"
    vs('not-exported-entry', route({ host: 'private.example.com' })),
    vs(
      'not-exported-service',
      route({ host: 'hidden.other.svc.cluster.local' }),
    ),
    vs('mirror-missing', {
      http: [
        {
          route: [{ destination: { host: 'details' } }],
          mirror: { host: 'shadow' },
        },
      ],
    }),
    vs('tcp-missing', { tcp: [{ route: [{ destination: { host: 'db' } }] }] }),
    vs('wrong-port', route({ host: 'details', port: { number: 8080 } })),
    vs('no-port-several', route({ host: 'api.payments.example.com' })),
  );

  it('reports destinations that resolve to no visible Service or ServiceEntry host', () => {
    expect(flagged(cluster, 'MW801')).toEqual([
      'VirtualService bookinfo/mirror-missing',
      'VirtualService bookinfo/missing-service',
      'VirtualService bookinfo/not-exported-entry',
      'VirtualService bookinfo/not-exported-service',
      'VirtualService bookinfo/tcp-missing',
      'VirtualService bookinfo/two-part-name',
    ]);
    const [mirror] = findingsOf(cluster, 'MW801').filter(
      f => f.objects[0].name === 'mirror-missing',
    );
    expect(mirror.message).toContain('mirror http[0].mirror to host shadow');
    expect(mirror).toMatchObject({
      severity: 'error',
      istioCode: 'IST0101',
      kialiCode: 'KIA1101',
    });
  });

  it('reports a port the host does not declare, and a missing port towards a host with several', () => {
    expect(flagged(cluster, 'MW802')).toEqual([
      'VirtualService bookinfo/wrong-port',
    ]);
    expect(flagged(cluster, 'MW803')).toEqual([
      'VirtualService bookinfo/no-port-several',
    ]);
  });

  it('decides nothing while ServiceEntries cannot be read', () => {
    const states = [{ kind: Kinds.ServiceEntry, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW801', { states })).toEqual([]);
  });
});

describe('VirtualService subsets (MW804 / IST0101 host+subset, KIA1107)', () => {
  const cluster = withYaml(
    bookinfo,
    SERVICE_ENTRIES,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: payments, namespace: other }
spec:
  host: api.payments.example.com
  subsets: [{ name: eu, labels: { region: eu } }]
`,
    vs('defined', route({ host: 'productpage', subset: 'v1' })),
    vs(
      'defined-fqdn',
      route({ host: 'productpage.bookinfo.svc.cluster.local', subset: 'v1' }),
    ),
    vs('undefined-subset', route({ host: 'productpage', subset: 'v2' })),
    vs('no-dr', route({ host: 'details', subset: 'v1' })),
    vs('no-subset', route({ host: 'details' })),
    // An external host's subsets count only from the VirtualService's namespace.
    vs(
      'external-other-ns',
      route({
        host: 'api.payments.example.com',
        subset: 'eu',
        port: { number: 443 },
      }),
    ),
  );

  it('reports subsets no DestinationRule for the host defines', () => {
    expect(flagged(cluster, 'MW804')).toEqual([
      'VirtualService bookinfo/external-other-ns',
      'VirtualService bookinfo/no-dr',
      'VirtualService bookinfo/undefined-subset',
    ]);
  });
});

describe('mesh VirtualService hosts (MW805 / IST0109)', () => {
  const cluster = withYaml(
    bookinfo,
    vs('details-a', { hosts: ['details'], ...route({ host: 'details' }) }),
    vs('details-b', {
      hosts: ['details.bookinfo.svc.cluster.local'],
      gateways: ['mesh'],
      ...route({ host: 'details' }),
    }),
    // bound to an ingress Gateway only: not a mesh host
    vs('details-edge', {
      hosts: ['details'],
      gateways: ['bookinfo-gateway'],
      ...route({ host: 'details' }),
    }),
    // exported to different namespaces: no overlap
    vs('reviews-here', {
      hosts: ['reviews.example.com'],
      exportTo: ['.'],
      ...route({ host: 'details' }),
    }),
    vs(
      'reviews-there',
      {
        hosts: ['reviews.example.com'],
        exportTo: ['.'],
        ...route({ host: 'details' }),
      },
      'other',
    ),
    // a namespace-local host against an overlapping host exported everywhere
    vs('shop-local', {
      hosts: ['eu.shop.example.com'],
      exportTo: ['.'],
      ...route({ host: 'details' }),
    }),
    vs('shop-wildcard', {
      hosts: ['*.shop.example.com'],
      ...route({ host: 'details' }),
    }),
  );

  it('reports every VirtualService of a conflicting host, and none other', () => {
    expect(flagged(cluster, 'MW805')).toEqual([
      'VirtualService bookinfo/details-a',
      'VirtualService bookinfo/details-b',
      'VirtualService bookinfo/shop-local',
      'VirtualService bookinfo/shop-wildcard',
    ]);
  });
});

const dr = (name: string, spec: object, namespace = 'bookinfo') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

describe('DestinationRules (MW806 / IST0174, MW807 / IST0173, MW808 / IST0128-9)', () => {
  const cluster = withYaml(
    bookinfo,
    SERVICE_ENTRIES,
    dr('details', {
      host: 'details',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    }),
    dr('unknown-host', {
      host: 'ratings',
      subsets: [{ name: 'v1', labels: { version: 'v9' } }],
    }),
    dr('entry', {
      host: 'api.payments.example.com',
      trafficPolicy: { tls: { mode: 'SIMPLE' } },
    }),
    dr('entry-verified', {
      host: 'api.payments.example.com',
      trafficPolicy: {
        tls: { mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem' },
        portLevelSettings: [
          { port: { number: 80 }, tls: { mode: 'MUTUAL' } },
          { port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL' } },
        ],
      },
    }),
    dr('gateway-credential', {
      host: 'api.payments.example.com',
      workloadSelector: { matchLabels: { istio: 'egressgateway' } },
      trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client' } },
    }),
    dr('credential-no-selector', {
      host: 'api.payments.example.com',
      trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client' } },
    }),
    // TLS in a subset is not read, as istioctl
    dr('subset-tls', {
      host: 'productpage',
      subsets: [
        {
          name: 'v1',
          labels: { version: 'v1' },
          trafficPolicy: { tls: { mode: 'SIMPLE' } },
        },
      ],
    }),
    dr('hidden', { host: 'hidden.other.svc.cluster.local' }),
    // Mesh-wide: covers every Service (istioctl reports it; Meshwise does not).
    dr('mesh-wide', {
      host: '*.local',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    }),
    dr('wildcard-nothing', { host: '*.internal.example.org' }),
  );

  it('MW806: a host no visible Service or ServiceEntry declares, a wildcard covering none', () => {
    expect(flagged(cluster, 'MW806')).toEqual([
      'DestinationRule bookinfo/hidden',
      'DestinationRule bookinfo/unknown-host',
      'DestinationRule bookinfo/wildcard-nothing',
    ]);
  });

  it('MW807: a subset selecting no pod, not for an unknown host', () => {
    expect(flagged(cluster, 'MW807')).toEqual([
      'DestinationRule bookinfo/details',
    ]);
    const [finding] = findingsOf(cluster, 'MW807');
    expect(finding.message).toContain(
      'Subset v2 of DestinationRule bookinfo/details',
    );
  });

  it('MW808: SIMPLE or MUTUAL without caCertificates, at the destination or a port', () => {
    expect(flagged(cluster, 'MW808')).toEqual([
      'DestinationRule bookinfo/credential-no-selector',
      'DestinationRule bookinfo/entry',
      'DestinationRule bookinfo/entry-verified',
    ]);
    const [port] = findingsOf(cluster, 'MW808').filter(
      f => f.objects[0].name === 'entry-verified',
    );
    expect(port.message).toContain('MUTUAL on port 80');
    expect(port.message).not.toContain('443');
  });
});

const sidecar = (name: string, spec: object, namespace = 'bookinfo') => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;
const egress = { egress: [{ hosts: ['./*', 'istio-system/*'] }] };

describe('Sidecars (MW809 / IST0101, MW810 / IST0110, MW811 / IST0111, MW812 / IST0167)', () => {
  const cluster = withYaml(
    [...bookinfo, ...ambient],
    sidecar('default', egress),
    sidecar('default-too', egress),
    sidecar('productpage', {
      workloadSelector: { labels: { app: 'productpage' } },
      ...egress,
    }),
    sidecar('v1', {
      workloadSelector: { labels: { version: 'v1' } },
      ...egress,
    }),
    sidecar('details', {
      workloadSelector: { labels: { app: 'details' } },
      ...egress,
    }),
    sidecar('nobody', {
      workloadSelector: { labels: { app: 'ratings' } },
      ...egress,
    }),
    sidecar(
      'ratings',
      { workloadSelector: { labels: { app: 'ratings' } }, ...egress },
      'book-info',
    ),
    sidecar('ns-wide', egress, 'book-info'),
  );

  it('MW809: a selector that matches no pod of its namespace', () => {
    expect(flagged(cluster, 'MW809')).toEqual(['Sidecar bookinfo/nobody']);
  });

  it('MW810: a pod several Sidecars select, each of them reported', () => {
    // productpage-v1 is selected by productpage and v1, details-v1 by details and v1.
    expect(flagged(cluster, 'MW810')).toEqual([
      'Sidecar bookinfo/details',
      'Sidecar bookinfo/productpage',
      'Sidecar bookinfo/v1',
    ]);
  });

  it('MW811: several Sidecars without a selector in one namespace', () => {
    expect(flagged(cluster, 'MW811')).toEqual([
      'Sidecar bookinfo/default',
      'Sidecar bookinfo/default-too',
    ]);
  });

  it('MW820 / KIA1006: a root-namespace Sidecar with a selector, not one without', () => {
    const root = withYaml(
      cluster,
      sidecar('mesh-default', egress, 'istio-system'),
      sidecar(
        'gateway-only',
        {
          workloadSelector: { labels: { istio: 'ingressgateway' } },
          ...egress,
        },
        'istio-system',
      ),
    );
    expect(flagged(root, 'MW820')).toEqual([
      'Sidecar istio-system/gateway-only',
    ]);
  });

  it('MW812: Sidecars in an ambient namespace or selecting ambient pods', () => {
    expect(flagged(cluster, 'MW812')).toEqual([
      'Sidecar book-info/ns-wide',
      'Sidecar book-info/ratings',
    ]);
  });
});

describe('MW821 / KIA0005: exportTo naming a namespace that does not exist', () => {
  const cluster = withYaml(
    bookinfo,
    vs('to-known', {
      hosts: ['details'],
      exportTo: ['.', 'istio-system'],
      ...route({ host: 'details' }),
    }),
    vs('to-none', {
      hosts: ['details'],
      exportTo: ['~'],
      ...route({ host: 'details' }),
    }),
    vs('to-typo', {
      hosts: ['details'],
      exportTo: ['istio-sytem'],
      ...route({ host: 'details' }),
    }),
    dr('dr-typo', { host: 'details', exportTo: ['*', 'bookinfoo'] }),
    SERVICE_ENTRIES.replace('exportTo: ["."]', 'exportTo: ["nowhere"]'),
  );

  it('reports VirtualServices, DestinationRules and ServiceEntries exported to missing namespaces', () => {
    expect(flagged(cluster, 'MW821')).toEqual([
      'DestinationRule bookinfo/dr-typo',
      'ServiceEntry other/private',
      'VirtualService bookinfo/to-typo',
    ]);
  });
});

describe('MW822 / IST0140: a gateway route to a host another VirtualService splits by subset', () => {
  const cluster = withYaml(
    bookinfo,
    vs('reviews-split', {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
          ],
        },
      ],
    }),
    vs('edge', {
      hosts: ['shop.example.com'],
      gateways: ['bookinfo-gateway'],
      ...route({ host: 'reviews' }),
    }),
    // routes to a subset itself: the split is its own decision
    vs('edge-subset', {
      hosts: ['shop2.example.com'],
      gateways: ['bookinfo-gateway'],
      ...route({ host: 'reviews', subset: 'v1' }),
    }),
    // no gateway: sidecars apply the split
    vs('mesh-caller', { hosts: ['caller'], ...route({ host: 'reviews' }) }),
    vs('edge-other-host', {
      hosts: ['shop3.example.com'],
      gateways: ['bookinfo-gateway'],
      ...route({ host: 'details' }),
    }),
  );

  it('reports the gateway-bound VirtualService only', () => {
    expect(flagged(cluster, 'MW822')).toEqual(['VirtualService bookinfo/edge']);
  });
});

describe('MW826 / KIA1105: the same host and subset twice in one route', () => {
  const cluster = withYaml(
    bookinfo,
    vs('twice', {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
            {
              destination: {
                host: 'reviews.bookinfo.svc.cluster.local',
                subset: 'v1',
              },
              weight: 50,
            },
          ],
        },
      ],
    }),
    vs('split', {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 50 },
          ],
        },
      ],
    }),
    // the same destination in two rules is fine
    vs('two-rules', {
      hosts: ['reviews'],
      http: [
        {
          match: [{ uri: { prefix: '/a' } }],
          route: [{ destination: { host: 'reviews' } }],
        },
        { route: [{ destination: { host: 'reviews' } }] },
      ],
    }),
  );

  it('reports a rule with a repeated destination only', () => {
    expect(flagged(cluster, 'MW826')).toEqual([
      'VirtualService bookinfo/twice',
    ]);
  });
});
