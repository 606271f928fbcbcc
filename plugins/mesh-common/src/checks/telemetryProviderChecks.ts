import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, at } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { meshConfig } from '../analyzers/meshConfig';
import { DEFAULT_REVISION } from '../analyzers/istioConventions';
import { describe } from './findingText';

/**
 * MW852 / IST0157, as istioctl's telemetry.ProviderAnalyzer decides it: a
 * Telemetry with an access logging entry that is not disabled and names no
 * provider, while the mesh config names no default access log provider
 * (`defaultProviders.accessLogging`): the entry turns nothing on. The mesh
 * config is the default revision's; without its ConfigMap istiod runs
 * with the built-in defaults, which name no provider. Undecided while
 * ConfigMaps cannot be read or the mesh config is not valid YAML.
 */
export function telemetryProviderFindings(
  ctx: AnalysisContext,
  telemetry: KubeObject,
): Finding[] {
  const withoutProvider = arr(telemetry, 'spec', 'accessLogging').filter(
    entry =>
      at(entry, 'disabled') !== true && arr(entry, 'providers').length === 0,
  );
  if (!withoutProvider.length) return [];
  const mesh = meshConfig(ctx, DEFAULT_REVISION);
  if (!mesh.found && mesh.reason !== 'missing') return [];
  const defaults = mesh.found
    ? arr(mesh.mesh, 'defaultProviders', 'accessLogging')
    : [];
  if (defaults.length) return [];
  const ref = ctx.ref(telemetry, Kinds.Telemetry);
  return [
    ctx.finding({
      code: 'MW852',
      objects: mesh.found ? [ref, mesh.ref] : [ref],
      message: `${describe(
        ref,
      )} turns on access logging without naming a provider, and the mesh config names no default access log provider (defaultProviders.accessLogging): no access log is written.`,
      remediation: `Name a provider in spec.accessLogging[].providers (one of the mesh config's extensionProviders, e.g. the built-in envoy), or set defaultProviders.accessLogging in the mesh config.`,
    }),
  ];
}
