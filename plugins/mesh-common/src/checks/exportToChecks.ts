import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { strings } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe } from './findingText';

/** exportTo values that name no namespace: this one, every one, none. */
const SPECIAL_SCOPES = new Set(['.', '*', '~']);

/**
 * MW821 / KIA0005: a VirtualService, DestinationRule or ServiceEntry whose
 * exportTo names a namespace that does not exist, so it is visible to
 * fewer namespaces than written. Unlike Kiali, `~` (export to none) is
 * valid Istio syntax and not reported.
 */
export function exportToFindings(
  ctx: AnalysisContext,
  obj: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Namespace)) return [];
  const missing = strings(obj, 'spec', 'exportTo').filter(
    ns => !SPECIAL_SCOPES.has(ns) && !ctx.view.namespace(ns),
  );
  if (!missing.length) return [];
  const ref = ctx.ref(obj);
  return [
    ctx.finding({
      code: 'MW821',
      objects: [ref],
      message: `${describe(ref)} is exported to ${missing.join(', ')}, ${
        missing.length > 1 ? 'namespaces that do' : 'a namespace that does'
      } not exist.`,
      remediation: `Correct spec.exportTo to existing namespaces ('.' for its own, '*' for all).`,
    }),
  ];
}
