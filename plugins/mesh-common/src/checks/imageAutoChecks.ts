import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asArray,
  at,
  labelSelectorOf,
  labelsOf,
  namespaceOf,
  str,
  stringMap,
} from '../util/safe';
import { matchesLabelSelector } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe } from './findingText';

/**
 * `image: auto` on a container named istio-proxy is the placeholder of
 * Istio's gateway injection template: the injector replaces it with the
 * proxy image. A pod that still has it was never injected, and its
 * container cannot pull an image called "auto".
 */
function hasAutoProxyImage(podSpec: unknown): boolean {
  return arr(podSpec, 'containers').some(
    c => str(c, 'name') === 'istio-proxy' && str(c, 'image') === 'auto',
  );
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * A webhook's namespace or object selector against labels, as the API
 * server applies it: no selector matches everything; a selector Kubernetes
 * cannot parse (an unknown operator) matches nothing, as istioctl decides.
 */
function webhookSelectorMatches(
  raw: unknown,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (raw === undefined || raw === null) return true;
  const expressions = asArray(at(raw, 'matchExpressions'));
  if (expressions.some(e => !OPERATORS.has(str(e, 'operator') ?? '')))
    return false;
  const selector = labelSelectorOf(raw);
  return selector ? matchesLabelSelector(selector, { ...labels }) : false;
}

/** Istio's injection webhooks: those whose name ends in istio.io, in any configuration. */
function istioInjectionWebhooks(ctx: AnalysisContext): unknown[] {
  return ctx.view
    .list(Kinds.MutatingWebhookConfiguration)
    .flatMap(config => arr(config, 'webhooks'))
    .filter(webhook => (str(webhook, 'name') ?? '').endsWith('istio.io'));
}

/**
 * MW135 / IST0147 (istioctl's injection.ImageAutoAnalyzer): a pod with the
 * `image: auto` placeholder, whichever webhooks there are: had any injected
 * it, the image would have been replaced.
 */
export function imageAutoPodFindings(
  ctx: AnalysisContext,
  pod: KubeObject,
): Finding[] {
  if (!hasAutoProxyImage(at(pod, 'spec'))) return [];
  const ref = ctx.ref(pod, Kinds.Pod);
  return [
    ctx.finding({
      code: 'MW135',
      objects: [ref],
      message: `${describe(
        ref,
      )} has container istio-proxy with image "auto": no Istio injector injected it, so the container cannot start.`,
      remediation: `Enable injection for the pod (label its namespace istio-injection=enabled or istio.io/rev=<revision>, and keep sidecar.istio.io/inject from being "false"), then recreate it; or set a real proxy image.`,
    }),
  ];
}

/**
 * MW134 / IST0146 (istioctl's injection.ImageAutoAnalyzer): a Deployment
 * whose pod template has the `image: auto` placeholder while no Istio
 * injection webhook selects its namespace and its pod labels, so its pods
 * will not be injected. Undecided while webhooks or namespaces cannot be
 * read.
 */
export function imageAutoDeploymentFindings(
  ctx: AnalysisContext,
  deployment: KubeObject,
): Finding[] {
  const template = at(deployment, 'spec', 'template');
  if (!hasAutoProxyImage(at(template, 'spec'))) return [];
  if (
    !ctx.isSynced(Kinds.MutatingWebhookConfiguration) ||
    !ctx.isSynced(Kinds.Namespace)
  )
    return [];
  const namespace = namespaceOf(deployment) || 'default';
  const namespaceLabels = labelsOf(ctx.view.namespace(namespace));
  const podLabels = stringMap(at(template, 'metadata', 'labels'));
  const injected = istioInjectionWebhooks(ctx).some(
    webhook =>
      webhookSelectorMatches(
        at(webhook, 'namespaceSelector'),
        namespaceLabels,
      ) && webhookSelectorMatches(at(webhook, 'objectSelector'), podLabels),
  );
  if (injected) return [];
  const ref = ctx.ref(deployment, Kinds.Deployment);
  return [
    ctx.finding({
      code: 'MW134',
      objects: [ref],
      message: `${describe(
        ref,
      )} runs container istio-proxy with image "auto", but no Istio injection webhook selects namespace ${namespace} and the pod labels: its pods will not be injected and cannot start.`,
      remediation: `Label namespace ${namespace} for injection (istio-injection=enabled or istio.io/rev=<revision>) and keep the pod template free of sidecar.istio.io/inject="false"; for a gateway, deploy it where a revision injects.`,
    }),
  ];
}
