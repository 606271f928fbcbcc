import { loadFixture, patched, without } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * Access logging without a provider (MW852 / IST0157), with fixtures written
 * from istioctl's telemetry.ProviderAnalyzer. bookinfo's mesh config
 * (ConfigMap istio-system/istio) names no default providers.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const telemetry = (name: string, accessLogging: object[]) => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: ${name}, namespace: bookinfo }
spec: ${JSON.stringify({
  selector: { matchLabels: { app: name } },
  accessLogging,
})}
`;
const telemetries = [
  telemetry('no-provider', [{}]),
  telemetry('empty-providers', [{ providers: [] }]),
  telemetry('with-provider', [{ providers: [{ name: 'envoy' }] }]),
  telemetry('disabled', [{ disabled: true }]),
  telemetry('tracing-only', []),
];
const withMesh = (mesh: string) =>
  patched(bookinfo, 'ConfigMap', 'istio-system', 'istio', cm => {
    cm.data.mesh = mesh;
  });

describe('Telemetry providers (MW852 / IST0157)', () => {
  it('reports access logging that names no provider while the mesh config names no default one', () => {
    const cluster = withYaml(bookinfo, ...telemetries);
    expect(flagged(cluster, 'MW852')).toEqual([
      'Telemetry bookinfo/empty-providers',
      'Telemetry bookinfo/no-provider',
    ]);
    expect(findingsOf(cluster, 'MW852')[0].objects[1]).toMatchObject({
      kind: 'ConfigMap',
      name: 'istio',
    });
  });

  it('reports nothing when the mesh config names a default access log provider', () => {
    const cluster = withYaml(
      withMesh('defaultProviders:\n  accessLogging: [envoy]\n'),
      ...telemetries,
    );
    expect(flagged(cluster, 'MW852')).toEqual([]);
  });

  it('takes a missing mesh config as istiod’s defaults, which name no provider', () => {
    const cluster = withYaml(
      without(bookinfo, 'ConfigMap', 'istio-system', 'istio'),
      ...telemetries,
    );
    expect(flagged(cluster, 'MW852')).toEqual([
      'Telemetry bookinfo/empty-providers',
      'Telemetry bookinfo/no-provider',
    ]);
  });

  it('decides nothing on a mesh config it cannot read or parse', () => {
    const states = [{ kind: Kinds.ConfigMap, status: 'forbidden' as const }];
    expect(
      flagged(withYaml(bookinfo, ...telemetries), 'MW852', { states }),
    ).toEqual([]);
    expect(
      flagged(
        withYaml(withMesh('defaultProviders: [\n'), ...telemetries),
        'MW852',
      ),
    ).toEqual([]);
  });
});
