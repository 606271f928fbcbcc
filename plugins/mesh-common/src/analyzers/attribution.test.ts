import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
} from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { nameOf } from '../util/safe';
import { computeWorkloadStatus } from '../analysis/computeWorkloadStatus';
import { analyzeCluster } from '../analysis/analyzeCluster';
import { AnalysisContext } from './AnalysisContext';
import {
  gatewayApiRoutesTo,
  gatewaysBoundBy,
  policiesAbout,
  virtualServicesRoutingTo,
} from './attribution';

// Objects about bookinfo's details service that reach nothing: a route bound
// to a Gateway that does not exist, one whose host its Gateway does not
// serve, policies whose selectors describe a details version that has no
// pod, and a Gateway API route attached to a missing Gateway.
const broken = parseYaml(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: details-public, namespace: bookinfo }
spec:
  gateways: [details-gateway]
  hosts: [details.bookinfo.appk8s.com]
  http: [{ route: [{ destination: { host: details, port: { number: 9080 } } }] }]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: details-unserved, namespace: bookinfo }
spec:
  gateways: [bookinfo-gateway]
  hosts: [details2.bookinfo.appk8s.com]
  http: [{ route: [{ destination: { host: details.bookinfo.svc.cluster.local } }] }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: details-v4-viewer, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: details, version: v4 } }
  rules: [{ from: [{ source: { namespaces: [bookinfo] } }] }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ghost-viewer, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: ghost } }
  rules: [{ from: [{ source: { namespaces: [bookinfo] } }] }]
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: details-v9-jwt, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: details, version: v9 } }
  jwtRules: [{ issuer: https://issuer.example.com }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: details-by-service, namespace: bookinfo }
spec:
  targetRefs: [{ group: '', kind: Service, name: details }]
  rules: [{ from: [{ source: { namespaces: [bookinfo] } }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: details-route, namespace: bookinfo }
spec:
  parentRefs: [{ name: missing-gateway }]
  rules: [{ backendRefs: [{ name: details, port: 9080 }] }]
`);

const objects = [...loadFixture('bookinfo-sidecar.yaml'), ...broken];

function contextAndServices(service: string) {
  const view = fixtureView(objects);
  const ctx = new AnalysisContext(view, { now: NOW });
  const svc = view.get(Kinds.Service, 'bookinfo', service);
  if (!svc) throw new Error(`no Service ${service}`);
  return { ctx, services: [svc] };
}

const names = (objs: readonly unknown[]) =>
  objs.map(o => nameOf(o)).sort((a, b) => (a ?? '').localeCompare(b ?? ''));

describe('attribution of routes and policies to the Services they name', () => {
  it('finds VirtualServices by their destination hosts, short or fully qualified, whatever their Gateway', () => {
    const { ctx, services } = contextAndServices('details');
    expect(names(virtualServicesRoutingTo(ctx, services))).toEqual([
      'details-public',
      'details-unserved',
    ]);
    const productpage = contextAndServices('productpage');
    expect(
      names(virtualServicesRoutingTo(productpage.ctx, productpage.services)),
    ).toEqual(['bookinfo']);
  });

  it('follows a VirtualService to the Gateways it binds that exist', () => {
    const { ctx, services } = contextAndServices('details');
    expect(
      names(gatewaysBoundBy(ctx, virtualServicesRoutingTo(ctx, services))),
    ).toEqual(['bookinfo-gateway']);
  });

  it('finds Gateway API routes by their backendRefs', () => {
    const { ctx, services } = contextAndServices('details');
    expect(names(gatewayApiRoutesTo(ctx, Kinds.HTTPRoute, services))).toEqual([
      'details-route',
    ]);
    const productpage = contextAndServices('productpage');
    expect(
      gatewayApiRoutesTo(
        productpage.ctx,
        Kinds.HTTPRoute,
        productpage.services,
      ),
    ).toEqual([]);
  });

  it('gives a policy that selects no pod to the Services that would select the pods it describes, and a targetRef to its Service', () => {
    const { ctx, services } = contextAndServices('details');
    expect(
      names(policiesAbout(ctx, Kinds.AuthorizationPolicy, services)),
    ).toEqual(['details-by-service', 'details-v4-viewer']);
    expect(
      names(policiesAbout(ctx, Kinds.RequestAuthentication, services)),
    ).toEqual(['details-v9-jwt']);
    // app=ghost describes no pod any Service of bookinfo selects: nobody's.
    const productpage = contextAndServices('productpage');
    expect(
      policiesAbout(
        productpage.ctx,
        Kinds.AuthorizationPolicy,
        productpage.services,
      ),
    ).toEqual([]);
  });

  it("puts the findings of routes and policies that reach nothing on the page of the service they name, and nobody else's", () => {
    const view = fixtureView(objects);
    const details = computeWorkloadStatus(
      view,
      {
        labelSelector: 'backstage.io/kubernetes-id=details',
        namespace: 'bookinfo',
      },
      { now: NOW },
    );
    const byCode = (code: string) =>
      details.findings
        .filter(f => f.code === code)
        .map(f => f.objects[0].name)
        .sort();
    expect(byCode('MW305')).toEqual(['details-public']);
    expect(byCode('MW306')).toEqual(['details-public', 'details-unserved']);
    expect(byCode('MW402')).toEqual(['details-v4-viewer', 'details-v9-jwt']);
    expect(byCode('MW311')).toEqual(['details-route']);
    expect(details.errors).toBeUndefined();

    const productpage = computeWorkloadStatus(
      view,
      {
        labelSelector: 'backstage.io/kubernetes-id=productpage',
        namespace: 'bookinfo',
      },
      { now: NOW },
    );
    expect(productpage.findings.map(f => f.code)).toEqual(['MW309']);

    // The policy describing no service's pods stays on the dashboard only.
    const fleet = analyzeCluster(view, { now: NOW });
    expect(
      fleet.findings.some(
        f => f.code === 'MW402' && f.objects[0].name === 'ghost-viewer',
      ),
    ).toBe(true);
  });
});
