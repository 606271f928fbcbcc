import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { nameOf } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { namespaceMeshIntent } from '../analyzers/dataPlane';
import { injectorConfig } from '../analyzers/injectorConfig';
import { DEFAULT_REVISION } from '../analyzers/istioConventions';

/**
 * MW136 / IST0148 (istioctl's injection analyzer): a namespace that does
 * not say whether it is in the mesh while the default revision's injector
 * injects such namespaces (`sidecarInjectorWebhook.enableNamespacesByDefault`
 * in its ConfigMap). It is the other side of MW101, which is left out in
 * exactly this case, and skips the same namespaces (the root and the
 * Kubernetes system namespaces, which the injector's selector also leaves
 * out). Undecidable while ConfigMaps cannot be read.
 */
export function defaultInjectionFindings(
  ctx: AnalysisContext,
  ns: KubeObject,
): Finding[] {
  const name = nameOf(ns);
  if (!name || ctx.config.systemNamespaces.has(name)) return [];
  if (!namespaceMeshIntent(ns).unlabelled) return [];
  if (!ctx.isSynced(Kinds.ConfigMap)) return [];
  const injector = injectorConfig(ctx, DEFAULT_REVISION);
  if (!injector?.enableNamespacesByDefault) return [];
  return [
    ctx.finding({
      code: 'MW136',
      objects: [ctx.ref(ns, Kinds.Namespace), injector.ref],
      message: `Namespace ${name} has no injection label, and the default injector (${injector.ref.name}) injects unlabelled namespaces: its pods get sidecars.`,
      remediation: `Nothing to do if that is intended; to make it explicit, kubectl label namespace ${name} istio-injection=enabled (or istio-injection=disabled to keep it out of the mesh).`,
    }),
  ];
}
