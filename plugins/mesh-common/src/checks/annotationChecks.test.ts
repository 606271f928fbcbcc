import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { annotationValueProblem } from '../analyzers/annotationValues';
import {
  ISTIO_ANNOTATION_TABLE_VERSION,
  ISTIO_ANNOTATIONS,
  isIstioAnnotationName,
} from '../analyzers/istioAnnotations';
import { ISTIO_MESSAGES } from '../findings/upstreamCodes';

/**
 * Istio annotations against Istio's annotation table, with fixtures written
 * from istioctl's annotations.K8sAnalyzer: one object per rule that must be
 * reported, and beside it one that must not, on each of the four kinds the
 * analyzer reads (Namespace, Service, Pod, Deployment).
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const annotations = (values: Record<string, string>) => JSON.stringify(values);
const ns = (name: string, ann: Record<string, string>, labels = {}) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify({
  'istio-injection': 'enabled',
  ...labels,
})}, annotations: ${annotations(ann)} }
`;
const svc = (name: string, ann: Record<string, string>) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: notes, annotations: ${annotations(ann)} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 80 }] }
`;
const pod = (
  name: string,
  ann: Record<string, string>,
  labels: Record<string, string> = {},
) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: notes, labels: ${JSON.stringify({
  app: name,
  ...labels,
})}, annotations: ${annotations(ann)} }
spec: { containers: [{ name: app, image: nginx }] }
status: { phase: Running }
`;
const deployment = (name: string, ann: Record<string, string>) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: notes, annotations: ${annotations(ann)} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name} }
      annotations: { sidecar.istio.io/proxyCPU: 100m }
    spec: { containers: [{ name: app, image: nginx }] }
`;

const cluster = withYaml(
  bookinfo,
  ns('notes', { 'topology.istio.io/controlPlaneClusters': 'east' }),
  ns('misplaced-ns', { 'sidecar.istio.io/proxyCPU': '100m' }),
  ns('unknown-ns', { 'sidecar.istio.io/injectt': 'true' }),
  svc('exported', {
    'networking.istio.io/exportTo': '.',
    'prometheus.io/scrape': 'true',
  }),
  svc('misplaced-svc', { 'sidecar.istio.io/inject': 'false' }),
  svc('old-accounts', { 'alpha.istio.io/kubernetes-serviceaccounts': 'sa' }),
  pod('fine', {
    'sidecar.istio.io/proxyCPU': '100m',
    'sidecar.istio.io/proxyMemory': '128Mi',
    'traffic.sidecar.istio.io/excludeOutboundPorts': '9300, 443',
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
    'readiness.status.sidecar.istio.io/periodSeconds': '10',
    'prometheus.istio.io/merge-metrics': 'false',
    'sidecar.istio.io/interceptionMode': 'TPROXY',
    // set by istiod on every injected pod: never reported
    'sidecar.istio.io/status': '{}',
    'istio.io/rev': 'default',
    'galley.istio.io/analyze-suppress': 'IST0103',
  }),
  pod('bad-values', {
    'sidecar.istio.io/proxyCPU': 'lots',
    'traffic.sidecar.istio.io/excludeOutboundPorts': '9300,',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges':
      '10.0.0.0/8, 10.1.0.0/16',
  }),
  pod('bad-mode', { 'sidecar.istio.io/interceptionMode': 'redirect' }),
  pod('misplaced-pod', { 'networking.istio.io/exportTo': '.' }),
  pod('unknown-pod', { 'sidecar.istio.io/rewriteAppHttpProbers': 'true' }),
  pod('deprecated-inject', { 'sidecar.istio.io/inject': 'true' }),
  pod(
    'inject-both',
    { 'sidecar.istio.io/inject': 'true' },
    { 'sidecar.istio.io/inject': 'true' },
  ),
  pod('deprecated-stats', {
    'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound',
  }),
  deployment('template-only', {}),
  deployment('on-deployment', {
    'sidecar.istio.io/proxyCPU': '100m',
    'deployment.kubernetes.io/revision': '3',
  }),
  deployment('deprecated-on-deployment', { 'sidecar.istio.io/inject': 'true' }),
);

describe('Istio annotations (istioctl annotations.K8sAnalyzer)', () => {
  it('MW130 / IST0107: an annotation on a kind it does not belong to, Deployments included', () => {
    expect(flagged(cluster, 'MW130')).toEqual([
      'Deployment notes/deprecated-on-deployment',
      'Deployment notes/on-deployment',
      'Namespace misplaced-ns',
      'Pod notes/misplaced-pod',
      'Service notes/misplaced-svc',
    ]);
    const [finding] = findingsOf(cluster, 'MW130').filter(
      f => f.objects[0].name === 'on-deployment',
    );
    expect(finding.message).toContain('reads only on Pod');
    expect(finding.remediation).toContain('spec.template.metadata.annotations');
  });

  it('MW131 / IST0108: an annotation in Istio’s domain that Istio does not define', () => {
    expect(flagged(cluster, 'MW131')).toEqual([
      'Namespace unknown-ns',
      'Pod notes/unknown-pod',
    ]);
  });

  it('MW132 / IST0125: each value the injector refuses, on the kind it belongs to', () => {
    expect(flagged(cluster, 'MW132')).toEqual([
      'Pod notes/bad-mode',
      'Pod notes/bad-values',
    ]);
    const problems = findingsOf(cluster, 'MW132')
      .filter(f => f.objects[0].name === 'bad-values')
      .map(f => f.message.slice(f.message.indexOf('annotation ')))
      .sort();
    expect(problems).toEqual([
      "annotation sidecar.istio.io/proxyCPU: 'lots' is not a Kubernetes resource quantity.",
      "annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: ' 10.1.0.0/16' is not a CIDR range.",
      "annotation traffic.sidecar.istio.io/excludeOutboundPorts: '' is not a port number (0-65535).",
    ]);
  });

  it('MW133 / IST0135: deprecated annotations, wherever they are, but not the inject annotation beside its label', () => {
    expect(flagged(cluster, 'MW133')).toEqual([
      'Deployment notes/deprecated-on-deployment',
      'Pod notes/deprecated-inject',
      'Pod notes/deprecated-stats',
      'Service notes/misplaced-svc',
      'Service notes/old-accounts',
    ]);
    const [inject] = findingsOf(cluster, 'MW133').filter(
      f => f.objects[0].name === 'deprecated-inject',
    );
    expect(inject.message).toContain(
      'in favor of the sidecar.istio.io/inject label',
    );
  });

  it('reports nothing on the reference fixtures', () => {
    for (const code of ['MW130', 'MW131', 'MW132', 'MW133'] as const)
      expect(flagged(bookinfo, code)).toEqual([]);
    for (const code of ['MW130', 'MW131', 'MW132', 'MW133'] as const)
      expect(flagged(loadFixture('ambient.yaml'), code)).toEqual([]);
  });
});

describe('Istio’s annotation table', () => {
  it('names each annotation once', () => {
    const names = ISTIO_ANNOTATIONS.map(a => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(isIstioAnnotationName)).toBe(true);
  });

  it('is the version the coverage notes name', () => {
    for (const code of ['IST0107', 'IST0108', 'IST0125', 'IST0135']) {
      const coverage = ISTIO_MESSAGES.find(m => m.code === code)?.coverage;
      expect(coverage && 'covered' in coverage ? coverage.note : '').toContain(
        ISTIO_ANNOTATION_TABLE_VERSION,
      );
    }
  });

  it('takes as Istio’s what istioctl does', () => {
    expect(isIstioAnnotationName('sidecar.istio.io/foo')).toBe(true);
    expect(isIstioAnnotationName('myistio.io/foo')).toBe(true);
    expect(isIstioAnnotationName('kubernetes.io/ingress.class')).toBe(true);
    expect(isIstioAnnotationName('istio.io.example.com/foo')).toBe(false);
    expect(isIstioAnnotationName('prometheus.io/scrape')).toBe(false);
  });
});

describe('annotation values, as the sidecar injector parses them', () => {
  it.each([
    ['traffic.sidecar.istio.io/excludeInboundPorts', ''],
    ['traffic.sidecar.istio.io/excludeInboundPorts', ' 80 , 443 '],
    ['traffic.sidecar.istio.io/includeInboundPorts', '*'],
    ['traffic.sidecar.istio.io/excludeOutboundPorts', '0,65535'],
    ['status.sidecar.istio.io/port', '15020'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.1.2.3/8'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '::ffff:10.0.0.0/104'],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '2001:db8::/32'],
    ['traffic.sidecar.istio.io/excludeInterfaces', 'eth1, net1.20'],
    ['readiness.status.sidecar.istio.io/failureThreshold', '4294967295'],
    ['prometheus.istio.io/merge-metrics', 'T'],
    ['sidecar.istio.io/proxyMemoryLimit', '1.5Gi'],
    ['sidecar.istio.io/proxyCPULimit', '2e3'],
    ['sidecar.istio.io/interceptionMode', 'NONE'],
    ['proxy.istio.io/config', 'not: [checked'],
  ])('accepts %s=%j', (name, value) => {
    expect(annotationValueProblem(name, value)).toBeUndefined();
  });

  it.each([
    ['traffic.sidecar.istio.io/excludeInboundPorts', '80,,443'],
    ['traffic.sidecar.istio.io/excludeInboundPorts', '65536'],
    ['traffic.sidecar.istio.io/excludeInboundPorts', '*'],
    ['status.sidecar.istio.io/port', '-1'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/33'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '010.0.0.0/8'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '*'],
    [
      'traffic.sidecar.istio.io/includeOutboundIPRanges',
      '1:2:3:4:5:6:7:8:9/64',
    ],
    ['traffic.sidecar.istio.io/excludeInterfaces', '1eth'],
    ['traffic.sidecar.istio.io/excludeInterfaces', 'averyverylongname0'],
    ['readiness.status.sidecar.istio.io/periodSeconds', '4294967296'],
    ['readiness.status.sidecar.istio.io/periodSeconds', ' 10'],
    ['prometheus.istio.io/merge-metrics', 'yes'],
    ['sidecar.istio.io/proxyMemory', '128MB'],
    ['sidecar.istio.io/interceptionMode', 'redirect'],
  ])('refuses %s=%j', (name, value) => {
    expect(annotationValueProblem(name, value)).toEqual(expect.any(String));
  });
});
