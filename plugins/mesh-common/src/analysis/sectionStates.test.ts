import { Finding, FindingCode, Severity } from '../types/findings';
import { ObjectRef } from '../types/kube';
import { ExposureEntry } from '../types/status';
import {
  exposedHostStates,
  exposureFindings,
  findingsAbout,
  isProxyBypass,
  sectionFindings,
  unattachedExposureFindings,
  worstState,
} from './sectionStates';

const ref = (kind: string, namespace: string, name: string): ObjectRef => ({
  cluster: 'demo',
  apiVersion: 'v1',
  kind,
  namespace,
  name,
});

const finding = (
  code: FindingCode,
  severity: Severity,
  objects: ObjectRef[],
): Finding => ({
  id: `${code}:${objects.map(o => o.name).join(',')}`,
  code,
  severity,
  cluster: 'demo',
  objects,
  message: code,
  remediation: 'fix it',
  reference: { title: 'docs', url: 'https://istio.io/' },
});

const statusGateway = ref('Gateway', 'bookinfo', 'status-gateway');
const statusRoute = ref('VirtualService', 'bookinfo', 'status');
const productpage = ref('Service', 'bookinfo', 'productpage');
const statusCert = ref('Certificate', 'istio-system', 'status-certs');

const entry: ExposureEntry = {
  via: 'istio',
  gateway: statusGateway,
  route: statusRoute,
  gatewayWorkloadNamespaces: ['istio-system'],
  hosts: ['status.appk8s.com'],
  port: 443,
  protocol: 'HTTPS',
  tlsMode: 'MUTUAL',
  credentials: [
    {
      name: 'status-certs',
      namespace: 'istio-system',
      state: 'ready',
      secret: 'present',
      certificate: { ref: statusCert, state: 'ready', daysToExpiry: 60 },
    } as ExposureEntry['credentials'][number],
  ],
  service: productpage,
};

describe('section states', () => {
  it('is ok without findings and takes the most severe one otherwise', () => {
    expect(worstState([])).toBe('ok');
    expect(
      worstState([
        finding('MW309', 'info', [statusGateway]),
        finding('MW304', 'error', [statusGateway]),
        finding('MW303', 'warning', [statusCert]),
      ]),
    ).toBe('error');
  });

  it('gives an exposure every finding naming an object of its chain, of any category', () => {
    const claimedTwice = finding('MW304', 'error', [
      statusGateway,
      ref('Gateway', 'observability', 'status-gateway'),
    ]);
    const keptOut = finding('MW701', 'error', [
      productpage,
      ref('NetworkPolicy', 'bookinfo', 'deny-by-default'),
    ]);
    const elsewhere = finding('MW304', 'error', [
      ref('Gateway', 'other', 'status-gateway'),
    ]);
    const otherCluster = finding('MW304', 'error', [
      { ...statusGateway, cluster: 'prod' },
    ]);
    expect(
      exposureFindings([claimedTwice, keptOut, elsewhere, otherCluster], entry),
    ).toEqual([claimedTwice, keptOut]);
    expect(worstState(exposureFindings([claimedTwice], entry))).toBe('error');
  });

  it('keeps a finding naming another Gateway off this exposure even when it names the same Service', () => {
    const keptFromOther = finding('MW701', 'error', [
      productpage,
      ref('NetworkPolicy', 'bookinfo', 'deny-by-default'),
      ref('Gateway', 'bookinfo', 'other-gateway'),
    ]);
    const keptFromThis = finding('MW701', 'error', [
      productpage,
      ref('NetworkPolicy', 'bookinfo', 'deny-by-default'),
      statusGateway,
    ]);
    expect(exposureFindings([keptFromOther, keptFromThis], entry)).toEqual([
      keptFromThis,
    ]);
  });

  it('sorts findings into sections by category, certificates by code', () => {
    const mw201 = finding('MW201', 'error', [
      ref('DestinationRule', 'bookinfo', 'details'),
    ]);
    const mw402 = finding('MW402', 'warning', [
      ref('AuthorizationPolicy', 'bookinfo', 'reviews-v4-viewer'),
    ]);
    const mw701 = finding('MW701', 'error', [productpage]);
    const mw303 = finding('MW303', 'warning', [statusCert]);
    const all = [mw201, mw402, mw701, mw303];
    expect(sectionFindings(all, 'mtls')).toEqual([mw201]);
    expect(sectionFindings(all, 'authorization')).toEqual([mw402]);
    expect(sectionFindings(all, 'networkPolicy')).toEqual([mw701]);
    expect(sectionFindings(all, 'certificates')).toEqual([mw303]);
    expect(sectionFindings(all, 'exposure')).toEqual([mw303]);
    expect(worstState(sectionFindings(all, 'mtls'))).toBe('error');
    // A code this build does not know belongs to no section.
    expect(
      sectionFindings([finding('MW999', 'error', [productpage])], 'exposure'),
    ).toEqual([]);
  });

  it('keeps the route findings that no exposure shows, which say why a service is not exposed', () => {
    const reviewsRoute = ref('VirtualService', 'bookinfo', 'reviews');
    const missingGateway = finding('MW305', 'error', [reviewsRoute]);
    const unserved = finding('MW306', 'warning', [reviewsRoute]);
    const claimedTwice = finding('MW304', 'error', [statusGateway]);
    const mtls = finding('MW201', 'error', [productpage]);
    const all = [missingGateway, unserved, claimedTwice, mtls];
    expect(unattachedExposureFindings(all, [entry])).toEqual([
      missingGateway,
      unserved,
    ]);
    expect(unattachedExposureFindings(all, [])).toEqual([
      missingGateway,
      unserved,
      claimedTwice,
    ]);
    expect(findingsAbout(all, [reviewsRoute])).toEqual([
      missingGateway,
      unserved,
    ]);
  });
});

describe('exposedHostStates', () => {
  it('lists the worst host first, each with the worst state of the exposures serving it', () => {
    const other: ExposureEntry = {
      ...entry,
      gateway: ref('Gateway', 'bookinfo', 'bookinfo-gateway'),
      route: ref('VirtualService', 'bookinfo', 'bookinfo'),
      hosts: ['a.appk8s.com', 'status.appk8s.com'],
      credentials: [],
      service: ref('Service', 'bookinfo', 'other'),
    };
    const claimedTwice = finding('MW304', 'error', [statusGateway]);
    expect(exposedHostStates([claimedTwice], [other, entry])).toEqual([
      { host: 'status.appk8s.com', state: 'error' },
      { host: 'a.appk8s.com', state: 'ok' },
    ]);
    expect(exposedHostStates([], [])).toEqual([]);
  });
});

describe('isProxyBypass', () => {
  it('tells a DISABLE the data plane causes (no proxy, an excluded port) from one a policy sets', () => {
    const mesh = { level: 'mesh' as const, effect: 'STRICT' };
    const excluded = {
      level: 'dataPlane' as const,
      effect: 'port 9300 bypasses the sidecar',
    };
    expect(isProxyBypass('DISABLE', [mesh, excluded])).toBe(true);
    expect(
      isProxyBypass('DISABLE', [{ level: 'workload', effect: 'DISABLE' }]),
    ).toBe(false);
    expect(isProxyBypass('STRICT', [mesh])).toBe(false);
    expect(isProxyBypass('DISABLE', [])).toBe(false);
  });
});
