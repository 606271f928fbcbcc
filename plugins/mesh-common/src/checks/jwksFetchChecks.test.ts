import { Kinds } from '../kinds';
import { loadFixture, patched, without } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';

/**
 * bookinfo: one RequestAuthentication (istio-system/reqauth-istio-system)
 * and istiod in istio-system, which sets BLOCKED_CIDRS_IN_JWKS_URIS.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const withIstiodEnv = (
  objects: typeof bookinfo,
  env: Record<string, unknown>[],
) =>
  patched(objects, 'Deployment', 'istio-system', 'istiod', d => {
    d.spec.template.spec.containers[0].env = env;
  });

const deployment = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  env: Record<string, unknown>[] = [],
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns}, labels: ${JSON.stringify(labels)} }
spec:
  template:
    spec:
      containers: [{ name: discovery, image: docker.io/istio/pilot:1.25.0, env: ${JSON.stringify(
        env,
      )} }]
`;

describe('MW604 / IST0175: istiod without BLOCKED_CIDRS_IN_JWKS_URIS while RequestAuthentications exist', () => {
  const cluster = withYaml(
    withIstiodEnv(bookinfo, [{ name: 'PILOT_ENABLE_AMBIENT', value: 'true' }]),
    // a second revision in its own namespace, hardened
    deployment('istio-canary', 'istiod-1-25', { app: 'istiod' }, [
      { name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '169.254.169.254/32' },
    ]),
    // empty or taken from a ConfigMap: istioctl counts only a literal value
    deployment('istio-canary', 'istiod-empty', { app: 'istiod' }, [
      { name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '' },
    ]),
    deployment('istio-canary', 'istiod-from-configmap', { app: 'istiod' }, [
      {
        name: 'BLOCKED_CIDRS_IN_JWKS_URIS',
        valueFrom: { configMapKeyRef: { name: 'jwks', key: 'cidrs' } },
      },
    ]),
    // not istiod: never concerned
    deployment('bookinfo', 'pilot-lookalike', { app: 'pilot' }),
  );

  it('reports every istiod Deployment without a literal value, and no other Deployment', () => {
    expect(flagged(cluster, 'MW604')).toEqual([
      'Deployment istio-canary/istiod-empty',
      'Deployment istio-canary/istiod-from-configmap',
      'Deployment istio-system/istiod',
    ]);
    const [istiod] = findingsOf(cluster, 'MW604').filter(
      f => f.objects[0].name === 'istiod',
    );
    expect(istiod).toMatchObject({
      severity: 'warning',
      istioCode: 'IST0175',
      message:
        'Deployment istio-system/istiod fetches the JWKS of 1 RequestAuthentication (istio-system/reqauth-istio-system) without BLOCKED_CIDRS_IN_JWKS_URIS: a jwksUri naming an internal address makes istiod request it from inside the cluster.',
    });
  });

  it('reports nothing without RequestAuthentications, or while they cannot be read', () => {
    const noRa = without(
      cluster,
      'RequestAuthentication',
      'istio-system',
      'reqauth-istio-system',
    );
    expect(flagged(noRa, 'MW604')).toEqual([]);
    expect(
      flagged(cluster, 'MW604', {
        states: [{ kind: Kinds.RequestAuthentication, status: 'forbidden' }],
      }),
    ).toEqual([]);
  });

  it('decides nothing for an istiod read without its environment (istiod always has some)', () => {
    expect(flagged(withIstiodEnv(bookinfo, []), 'MW604')).toEqual([]);
  });

  it('leaves the reference fixture’s hardened istiod alone', () => {
    expect(flagged(bookinfo, 'MW604')).toEqual([]);
  });
});
