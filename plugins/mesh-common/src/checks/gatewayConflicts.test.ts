import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, refKey, withYaml } from '../__testUtils__/verdicts';
import { KubeObject } from '../types/kube';

/**
 * bookinfo: Gateway bookinfo/bookinfo-gateway, selector istio=ingressgateway,
 * serves productpage.bookinfo.appk8s.com on 443 with credential
 * bookinfo-ingressgateway-certs; the ingress gateway pod in istio-system is
 * labelled istio=ingressgateway and app=istio-ingressgateway.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const gateway = (
  name: string,
  selector: Record<string, string>,
  host: string,
  options: { port?: number; credential?: string; bind?: string } = {},
) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: team-b }
spec:
  selector: ${JSON.stringify(selector)}
  servers:
    - hosts: ["${host}"]${options.bind ? `\n      bind: ${options.bind}` : ''}
      port: { name: https, number: ${options.port ?? 443}, protocol: HTTPS }
      tls: { mode: SIMPLE, credentialName: ${
        options.credential ?? `${name}-cert`
      } }
`;

const TEAM_B = `
apiVersion: v1
kind: Namespace
metadata: { name: team-b, labels: { istio-injection: enabled } }
`;

/** Each finding's objects, as `A + B`. */
const named = (objects: KubeObject[], code: 'MW304' | 'MW308') =>
  findingsOf(objects, code)
    .map(f => f.objects.map(refKey).join(' + '))
    .sort();

describe('MW304 / IST0145: Gateways on the same gateway pods claiming one host and port', () => {
  const HOST = 'productpage.bookinfo.appk8s.com';
  const cluster = withYaml(
    bookinfo,
    TEAM_B,
    // a subset of its selector is bookinfo-gateway's, and the ingress pod has both
    gateway(
      'narrower',
      { istio: 'ingressgateway', app: 'istio-ingressgateway' },
      HOST,
    ),
    // a superset too, but no pod has these labels
    gateway('unserved', { istio: 'ingressgateway', app: 'internal' }, HOST),
    // neither selector contains the other
    gateway('east-west', { istio: 'eastwestgateway' }, HOST),
    // the same selector on another port
    gateway('other-port', { istio: 'ingressgateway' }, HOST, { port: 8443 }),
    // the same selector and port, another bind address: another listener
    gateway('other-bind', { istio: 'ingressgateway' }, HOST, {
      bind: '10.0.0.1',
    }),
    // a wildcard covering the host: Envoy picks the more specific host, as
    // istioctl (hosts compared as written) sees it too
    gateway('wildcard', { istio: 'ingressgateway' }, '*.bookinfo.appk8s.com'),
  );

  it('reports Gateways whose selectors overlap on a pod both select, on the same port, bind and host as written, not the others', () => {
    expect(named(cluster, 'MW304')).toEqual([
      'Gateway bookinfo/bookinfo-gateway + Gateway team-b/narrower',
    ]);
    expect(findingsOf(cluster, 'MW304')[0].message).toBe(
      'Gateway bookinfo/bookinfo-gateway and Gateway team-b/narrower both serve productpage.bookinfo.appk8s.com on port 443 of the gateway pods app=istio-ingressgateway,istio=ingressgateway; which one handles the traffic is undefined.',
    );
  });

  it('still reports identical selectors, pods or not', () => {
    const twins = withYaml(
      bookinfo,
      TEAM_B,
      gateway('twin-a', { istio: 'nowhere' }, 'a.appk8s.com'),
      gateway('twin-b', { istio: 'nowhere' }, 'a.appk8s.com'),
    );
    expect(named(twins, 'MW304')).toEqual([
      'Gateway team-b/twin-a + Gateway team-b/twin-b',
    ]);
  });
});

describe('MW308 / IST0138: one credential on Gateways whose selectors overlap', () => {
  const CREDENTIAL = 'bookinfo-ingressgateway-certs';
  const cluster = withYaml(
    bookinfo,
    TEAM_B,
    gateway(
      'narrower',
      { istio: 'ingressgateway', app: 'istio-ingressgateway' },
      'b.appk8s.com',
      { credential: CREDENTIAL },
    ),
    // istioctl needs no pod here: its selector contains bookinfo-gateway's
    gateway(
      'unserved',
      { istio: 'ingressgateway', app: 'internal' },
      'c.appk8s.com',
      { credential: CREDENTIAL },
    ),
    // neither selector contains the other
    gateway('east-west', { istio: 'eastwestgateway' }, 'd.appk8s.com', {
      credential: CREDENTIAL,
    }),
    // overlapping selector, its own credential
    gateway('own-cert', { istio: 'ingressgateway' }, 'e.appk8s.com'),
  );

  it('names every Gateway sharing it through overlapping selectors in one finding, and no other', () => {
    expect(named(cluster, 'MW308')).toEqual([
      'Certificate istio-system/bookinfo-ingressgateway-certs + Gateway bookinfo/bookinfo-gateway + Gateway team-b/narrower + Gateway team-b/unserved',
    ]);
  });

  it('reports none when the selectors only share a key with different values', () => {
    const apart = withYaml(
      bookinfo,
      TEAM_B,
      gateway('apart', { istio: 'other-gateway' }, 'b.appk8s.com', {
        credential: CREDENTIAL,
      }),
    );
    expect(named(apart, 'MW308')).toEqual([]);
  });
});

describe('MW308 / IST0138: one file-mounted certificate on Gateways whose selectors overlap', () => {
  const fileGateway = (
    name: string,
    selector: Record<string, string>,
    files: { cert: string; key: string },
  ) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: team-b }
spec:
  selector: ${JSON.stringify(selector)}
  servers:
    - hosts: ["${name}.appk8s.com"]
      port: { name: https, number: 443, protocol: HTTPS }
      tls: { mode: SIMPLE, serverCertificate: ${files.cert}, privateKey: ${
    files.key
  } }
`;
  const MOUNTED = {
    cert: '/etc/istio/certs/tls.crt',
    key: '/etc/istio/certs/tls.key',
  };
  const cluster = withYaml(
    bookinfo,
    TEAM_B,
    fileGateway('files-a', { istio: 'ingressgateway' }, MOUNTED),
    fileGateway(
      'files-b',
      { istio: 'ingressgateway', app: 'istio-ingressgateway' },
      MOUNTED,
    ),
    // the same certificate with another key file: not the same pair
    fileGateway(
      'other-key',
      { istio: 'ingressgateway' },
      {
        cert: MOUNTED.cert,
        key: '/etc/istio/other/tls.key',
      },
    ),
    // the same files on gateway pods the others do not configure
    fileGateway('east-west', { istio: 'eastwestgateway' }, MOUNTED),
  );

  it('names the Gateways sharing the same certificate and key files, and no other', () => {
    expect(named(cluster, 'MW308')).toEqual([
      'Gateway team-b/files-a + Gateway team-b/files-b',
    ]);
    expect(findingsOf(cluster, 'MW308')[0].message).toBe(
      'The certificate files /etc/istio/certs/tls.crt and /etc/istio/certs/tls.key are used by Gateway team-b/files-a, Gateway team-b/files-b: browsers reusing an HTTP/2 connection across their hosts get 404s.',
    );
  });
});
