import { Finding } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import { annotationsOf, labelsOf } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import {
  ALWAYS_IGNORED_ANNOTATIONS,
  isIstioAnnotationName,
  istioAnnotation,
} from '../analyzers/istioAnnotations';
import { annotationValueProblem } from '../analyzers/annotationValues';
import { describe } from './findingText';

/** The kinds istioctl's annotations analyzer reads, by the name its table uses. */
export type AnnotatedKind = 'Namespace' | 'Service' | 'Pod' | 'Deployment';

// The label that replaced the sidecar.istio.io/inject annotation.
const INJECT = 'sidecar.istio.io/inject';

/**
 * The Istio annotations of one object against Istio's annotation table, rule
 * for rule as istioctl's annotations.K8sAnalyzer: MW130 / IST0107 an
 * annotation placed on a kind it does not belong to (Deployments included:
 * no Istio annotation belongs on a Deployment's own metadata, only on its
 * pod template); MW131 / IST0108 an annotation in Istio's domain that Istio
 * does not define; MW132 / IST0125 a value the sidecar injector refuses;
 * MW133 / IST0135 a deprecated annotation, reported besides the others
 * (the inject annotation not while the inject label is also set: both
 * kept on purpose for older injectors).
 */
export function annotationFindings(
  ctx: AnalysisContext,
  obj: KubeObject,
  kind: KindRef,
  tableKind: AnnotatedKind,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(obj, kind);
  const labels = labelsOf(obj);
  for (const [name, value] of Object.entries(annotationsOf(obj))) {
    if (!isIstioAnnotationName(name) || ALWAYS_IGNORED_ANNOTATIONS.has(name))
      continue;
    const definition = istioAnnotation(name);
    if (!definition) {
      out.push(
        ctx.finding({
          code: 'MW131',
          objects: [ref],
          detailKey: name,
          message: `${describe(
            ref,
          )} has annotation ${name}, which Istio does not define: it has no effect.`,
          remediation: `Correct the annotation's name (a misspelling?) or remove it; Istio's annotations are listed at https://istio.io/latest/docs/reference/config/annotations/.`,
        }),
      );
      continue;
    }
    if (
      definition.deprecated &&
      !(name === INJECT && labels[INJECT] !== undefined)
    ) {
      const replacement =
        name === INJECT ? ` in favor of the ${INJECT} label` : '';
      out.push(
        ctx.finding({
          code: 'MW133',
          objects: [ref],
          detailKey: name,
          message: `${describe(
            ref,
          )} uses annotation ${name}, deprecated${replacement}; a future Istio may ignore it.`,
          remediation:
            name === INJECT
              ? `Set the label ${INJECT}=${value} on the pods (in the workload's pod template) instead of the annotation.`
              : `Replace ${name} as its entry at https://istio.io/latest/docs/reference/config/annotations/ says, or remove it.`,
        }),
      );
    }
    if (definition.resources.includes('Any')) continue;
    if (!(definition.resources as readonly string[]).includes(tableKind)) {
      const belongs = definition.resources.join(', ');
      out.push(
        ctx.finding({
          code: 'MW130',
          objects: [ref],
          detailKey: name,
          message: `${describe(
            ref,
          )} has annotation ${name}, which Istio reads only on ${belongs}: here it has no effect.`,
          remediation:
            tableKind === 'Deployment' && definition.resources.includes('Pod')
              ? `Move ${name} from the Deployment's metadata to spec.template.metadata.annotations.`
              : `Move ${name} to the ${belongs} it is meant for, or remove it.`,
        }),
      );
      continue;
    }
    const problem = annotationValueProblem(name, value);
    if (problem)
      out.push(
        ctx.finding({
          code: 'MW132',
          objects: [ref],
          detailKey: name,
          message: `${describe(
            ref,
          )} has an invalid value for annotation ${name}: ${problem}.`,
          remediation: `Correct the value of ${name}: the sidecar injector refuses it.`,
        }),
      );
  }
  return out;
}
