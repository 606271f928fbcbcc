import { AnalysisContext } from './AnalysisContext';
import { resolveRevision } from './controlPlane';
import { namespaceMeshIntent } from './dataPlane';

/**
 * Why restarting pods in a namespace would not give them a sidecar, or
 * undefined when it would: the namespace selects a revision (or tag) that no
 * istiod serves (MW104), so the injector never sees the new pods. Advice to
 * "restart" must then say what to fix first, or it contradicts MW104.
 */
export function restartWouldNotInject(
  ctx: AnalysisContext,
  namespace: string,
): string | undefined {
  const intent = namespaceMeshIntent(ctx.view.namespace(namespace));
  if (!intent.sidecar || !intent.revision) return undefined;
  if (resolveRevision(ctx, intent.revision).found !== false) return undefined;
  return `Namespace ${namespace} selects revision "${intent.revision}", which no istiod serves (MW104): a restart would start the pods without a sidecar again. First point the namespace at an installed revision (kubectl label namespace ${namespace} istio.io/rev=<revision> --overwrite) or install that revision, then restart`;
}
