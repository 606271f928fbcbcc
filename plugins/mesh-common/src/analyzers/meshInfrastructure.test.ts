import { fixtureView, loadFixture, NOW } from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import { analyzeCluster } from '../analysis/analyzeCluster';
import { isMeshInfrastructurePod } from './meshInfrastructure';

const pod = (
  labels: Record<string, string>,
  annotations: Record<string, string>,
  containers: unknown[],
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels, annotations },
  spec: { containers },
});

describe('isMeshInfrastructurePod', () => {
  it('recognises Istio gateways, Gateway API gateways and waypoints, not applications', () => {
    const proxy = (args: string[]) => ({ name: 'istio-proxy', args });
    expect(
      isMeshInfrastructurePod(
        pod({ istio: 'ingressgateway' }, {}, [proxy(['proxy', 'router'])]),
      ),
    ).toBe(true);
    expect(
      isMeshInfrastructurePod(
        pod({ 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, {}, []),
      ),
    ).toBe(true);
    expect(
      isMeshInfrastructurePod(
        pod({}, { 'inject.istio.io/templates': 'gateway' }, [
          { name: 'istio-proxy', image: 'auto' },
        ]),
      ),
    ).toBe(true);
    expect(
      isMeshInfrastructurePod(
        pod({ app: 'reviews' }, {}, [
          { name: 'reviews' },
          proxy(['proxy', 'sidecar']),
        ]),
      ),
    ).toBe(false);
    // "router" as an application's argument says nothing.
    expect(
      isMeshInfrastructurePod(pod({}, {}, [{ name: 'app', args: ['router'] }])),
    ).toBe(false);
  });

  it('keeps MW401 off the ingress gateway', () => {
    // Without the DENY policy for the ingress gateway, no policy covers it.
    const view = fixtureView(
      loadFixture('bookinfo-sidecar.yaml').filter(
        o => o.metadata?.name !== 'frontend-ingress',
      ),
    );
    expect(
      view
        .list(Kinds.Pod)
        .filter(isMeshInfrastructurePod)
        .map(p => p.metadata?.name),
    ).toEqual(['istio-ingressgateway-7d4f8b9c6d-abcde']);
    const mw401 = analyzeCluster(view, { now: NOW }).findings.filter(
      f => f.code === 'MW401',
    );
    expect(mw401.map(f => f.objects[0].name)).not.toContain(
      'istio-ingressgateway',
    );
  });
});
