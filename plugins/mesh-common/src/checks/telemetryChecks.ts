import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { at, labelsOf, nameOf, namespaceOf, stringMap } from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

/** A Telemetry's selector labels; undefined when it has no selector at all. */
function selectorOf(telemetry: KubeObject): Record<string, string> | undefined {
  const selector = at(telemetry, 'spec', 'selector');
  if (selector === undefined || selector === null) return undefined;
  return stringMap(at(selector, 'matchLabels'));
}

/**
 * The Telemetry checks, as istioctl's telemetry selector analyzers: MW813 /
 * IST0101: matchLabels that match no pod in the Telemetry's namespace.
 * MW814 / IST0159: a pod several Telemetries select. MW815 / IST0160:
 * several Telemetries without a selector in one namespace (an empty
 * selector is neither: istioctl skips it in both).
 */
export function telemetryFindings(
  ctx: AnalysisContext,
  telemetry: KubeObject,
): Finding[] {
  const namespace = namespaceOf(telemetry) ?? '';
  const ref = ctx.ref(telemetry, Kinds.Telemetry);
  const siblings = ctx.view
    .list(Kinds.Telemetry, namespace)
    .filter(t => t !== telemetry);
  const selector = selectorOf(telemetry);
  if (selector === undefined) {
    const others = siblings.filter(t => selectorOf(t) === undefined);
    if (!others.length) return [];
    return [
      ctx.finding({
        code: 'MW815',
        objects: [ref, ...others.map(t => ctx.ref(t, Kinds.Telemetry))],
        message: `${describe(ref)} and ${listNames(
          others.map(t => `Telemetry ${namespace}/${nameOf(t)}`),
        )} have no selector: which one configures the namespace's telemetry is undefined.`,
        remediation: `Keep one Telemetry without a selector in ${namespace}; merge the others into it or give them selectors.`,
      }),
    ];
  }
  if (Object.keys(selector).length === 0 || !ctx.isSynced(Kinds.Pod)) return [];
  const pods = ctx.view.selectByLabels(Kinds.Pod, namespace, {
    matchLabels: selector,
  });
  if (!pods.length)
    return [
      ctx.finding({
        code: 'MW813',
        objects: [ref],
        message: `${describe(ref)} selects ${Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}, which matches no pod in namespace ${namespace}.`,
        remediation: `Correct spec.selector.matchLabels to the labels of the pods it is meant for, or delete the Telemetry.`,
      }),
    ];
  const overlapping = siblings.filter(t => {
    const other = selectorOf(t);
    if (!other || Object.keys(other).length === 0) return false;
    return pods.some(p => isLabelSubset(other, labelsOf(p)));
  });
  if (!overlapping.length) return [];
  return [
    ctx.finding({
      code: 'MW814',
      objects: [ref, ...overlapping.map(t => ctx.ref(t, Kinds.Telemetry))],
      message: `${describe(ref)} and ${listNames(
        overlapping.map(t => `Telemetry ${namespace}/${nameOf(t)}`),
      )} select the same pods: which one configures their telemetry is undefined.`,
      remediation: `Make the selectors of the Telemetries in ${namespace} disjoint, or merge them into one.`,
    }),
  ];
}
