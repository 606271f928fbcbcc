import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  annotationsOf,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  stringMap,
} from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import {
  AMBIENT_REDIRECTION_ANNOTATION,
  DATAPLANE_MODE_LABEL,
  ISTIO_INJECTION_LABEL,
  ISTIO_REV_LABEL,
} from '../analyzers/istioConventions';
import { describe, listNames } from './findingText';

/** A Sidecar's workloadSelector labels; empty for a namespace-wide Sidecar. */
function selectorOf(sidecar: KubeObject): Record<string, string> {
  return stringMap(at(sidecar, 'spec', 'workloadSelector', 'labels'));
}

const selectorText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Proof that ambient captures the pod, as istioctl reads it: istio-cni's redirection annotation. */
function podRedirectedByAmbient(pod: KubeObject): boolean {
  return annotationsOf(pod)[AMBIENT_REDIRECTION_ANNOTATION] === 'enabled';
}

/** An ambient namespace as istioctl reads it: injection or a revision label wins over ambient. */
function namespaceAmbientOnly(ns: KubeObject | undefined): boolean {
  const labels = labelsOf(ns);
  if (labels[ISTIO_INJECTION_LABEL] === 'enabled') return false;
  if (labels[ISTIO_REV_LABEL]) return false;
  return labels[DATAPLANE_MODE_LABEL] === 'ambient';
}

function podsSelected(
  ctx: AnalysisContext,
  namespace: string,
  labels: Record<string, string>,
): readonly KubeObject[] {
  return ctx.view.selectByLabels(Kinds.Pod, namespace, {
    matchLabels: labels,
  });
}

/**
 * The Sidecar checks, as istioctl's Sidecar selector analysis: MW809 /
 * IST0101, KIA0004: a workloadSelector that matches no pod in the Sidecar's
 * namespace. MW810 / IST0110, KIA0003: a pod several Sidecars select.
 * MW811 / IST0111, KIA0002: several Sidecars without a selector in one
 * namespace. MW812 / IST0167: a Sidecar that selects ambient pods, or a
 * namespace-wide one in an ambient namespace, which has no effect there
 * (ambient has no sidecar to configure); reported instead of MW810/MW811.
 */
export function sidecarFindings(
  ctx: AnalysisContext,
  sidecar: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Pod)) return [];
  const namespace = namespaceOf(sidecar) ?? '';
  const ref = ctx.ref(sidecar, Kinds.Sidecar);
  const labels = selectorOf(sidecar);
  const siblings = ctx.view
    .list(Kinds.Sidecar, namespace)
    .filter(s => s !== sidecar);

  if (Object.keys(labels).length === 0) {
    if (!ctx.isSynced(Kinds.Namespace)) return [];
    if (namespaceAmbientOnly(ctx.view.namespace(namespace)))
      return [
        ctx.finding({
          code: 'MW812',
          objects: [ref],
          message: `${describe(
            ref,
          )} applies to namespace ${namespace}, which is in ambient mode: ambient pods have no sidecar, so it has no effect.`,
          remediation: `Delete the Sidecar, or move its egress limits to the namespace's waypoint or to ServiceEntries with exportTo.`,
        }),
      ];
    const others = siblings.filter(
      s => Object.keys(selectorOf(s)).length === 0,
    );
    if (!others.length) return [];
    return [
      ctx.finding({
        code: 'MW811',
        objects: [ref, ...others.map(s => ctx.ref(s, Kinds.Sidecar))],
        message: `${describe(ref)} and ${listNames(
          others.map(s => `Sidecar ${namespace}/${nameOf(s)}`),
        )} have no workloadSelector: which one configures the namespace's sidecars is undefined.`,
        remediation: `Keep one Sidecar without a workloadSelector in ${namespace}; merge the others into it or give them selectors.`,
      }),
    ];
  }

  // MW820 / KIA1006: a selector makes a root-namespace Sidecar a
  // workload's own instead of the mesh-wide default.
  const rootSelector: Finding[] =
    namespace === ctx.config.rootNamespace
      ? [
          ctx.finding({
            code: 'MW820',
            objects: [ref],
            message: `${describe(
              ref,
            )} is in the root namespace ${namespace} but has a workloadSelector: it is not the mesh-wide default Sidecar, and applies only to the pods it selects there.`,
            remediation: `Remove spec.workloadSelector to make it the mesh-wide default, or move it to the namespace of the workloads it is for.`,
          }),
        ]
      : [];
  const pods = podsSelected(ctx, namespace, labels);
  if (!pods.length)
    return [
      ...rootSelector,
      ctx.finding({
        code: 'MW809',
        objects: [ref],
        message: `${describe(ref)} selects ${selectorText(
          labels,
        )}, which matches no pod in namespace ${namespace}.`,
        remediation: `Correct spec.workloadSelector.labels to the labels of the pods it is meant for, or delete the Sidecar.`,
      }),
    ];
  const out: Finding[] = [...rootSelector];
  const ambientPods = pods.filter(podRedirectedByAmbient);
  if (ambientPods.length)
    out.push(
      ctx.finding({
        code: 'MW812',
        objects: [ref, ...ambientPods.map(p => ctx.ref(p, Kinds.Pod))],
        message: `${describe(ref)} selects pods in ambient mode (${listNames(
          ambientPods.map(p => nameOf(p) ?? ''),
        )}): they have no sidecar, so it has no effect on them.`,
        remediation: `Delete the Sidecar or narrow its selector to sidecar pods; configure ambient workloads through their waypoint.`,
      }),
    );
  // Overlaps on ambient pods do not matter: no Sidecar applies to them.
  const sidecarPods = pods.filter(p => !podRedirectedByAmbient(p));
  const overlapping = siblings.filter(s => {
    const other = selectorOf(s);
    if (Object.keys(other).length === 0) return false;
    return sidecarPods.some(p =>
      Object.entries(other).every(([k, v]) => labelsOf(p)[k] === v),
    );
  });
  if (overlapping.length)
    out.push(
      ctx.finding({
        code: 'MW810',
        objects: [ref, ...overlapping.map(s => ctx.ref(s, Kinds.Sidecar))],
        message: `${describe(ref)} and ${listNames(
          overlapping.map(s => `Sidecar ${namespace}/${nameOf(s)}`),
        )} select the same pods: which one configures their sidecars is undefined.`,
        remediation: `Make the workloadSelectors of the Sidecars in ${namespace} disjoint, or merge them into one.`,
      }),
    );
  return out;
}
