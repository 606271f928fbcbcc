import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asArray,
  at,
  labelSelectorOf,
  labelsOf,
  nameOf,
  str,
  strings,
} from '../util/safe';
import { matchesLabelSelector } from '../view/labelSelector';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

const REV = 'istio.io/rev';
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A webhook selector as the API server applies it: none matches all, an unparsable one nothing. */
function selectorMatches(raw: unknown, labels: Record<string, string>) {
  if (raw === undefined || raw === null) return true;
  if (
    asArray(at(raw, 'matchExpressions')).some(
      e => !OPERATORS.has(str(e, 'operator') ?? ''),
    )
  )
    return false;
  const selector = labelSelectorOf(raw);
  return selector ? matchesLabelSelector(selector, labels) : false;
}

/** The revisions a configuration names: its istio.io/rev label and its webhooks' selectors. */
function revisionsOf(config: KubeObject): string[] {
  const revisions = new Set<string>();
  const own = labelsOf(config)[REV];
  if (own !== undefined) revisions.add(own);
  for (const webhook of arr(config, 'webhooks'))
    for (const selector of ['namespaceSelector', 'objectSelector']) {
      const value = str(webhook, selector, 'matchLabels', REV);
      if (value !== undefined) revisions.add(value);
      for (const e of arr(webhook, selector, 'matchExpressions'))
        if (str(e, 'key') === REV)
          for (const v of strings(e, 'values')) revisions.add(v);
    }
  return [...revisions];
}

interface IstioWebhook {
  config: KubeObject;
  /** `<configuration>/<webhook>`, as istioctl names it. */
  key: string;
  webhook: unknown;
}

/** The webhooks of Istio's injector configurations: those naming a revision or with a webhook named *istio.io. */
function istioWebhooks(ctx: AnalysisContext): IstioWebhook[] {
  const out: IstioWebhook[] = [];
  for (const config of ctx.view.list(Kinds.MutatingWebhookConfiguration)) {
    const webhooks = arr(config, 'webhooks');
    const istio =
      revisionsOf(config).length > 0 ||
      webhooks.some(w => (str(w, 'name') ?? '').endsWith('istio.io'));
    if (istio)
      for (const webhook of webhooks)
        out.push({
          config,
          key: `${nameOf(config)}/${str(webhook, 'name') ?? ''}`,
          webhook,
        });
  }
  return out;
}

/**
 * The label sets istioctl tries: namespaces unlabelled, injection enabled
 * or disabled, and pods unlabelled or with sidecar.istio.io/inject true or
 * false, each also with istio.io/rev=<r> for every revision any Istio
 * webhook names.
 */
function labelPermutations(
  base: Record<string, string>[],
  revisions: readonly string[],
): Record<string, string>[] {
  return [
    ...base,
    ...revisions.flatMap(rev =>
      base.map(labels => ({ ...labels, [REV]: rev })),
    ),
  ];
}

/** For each Istio webhook, the other Istio webhooks some namespace and pod would also be sent to. */
function overlappingWebhooks(ctx: AnalysisContext): Map<string, Set<string>> {
  return memoize(
    ctx.view,
    'injectionWebhookOverlaps',
    [Kinds.MutatingWebhookConfiguration],
    () => {
      const webhooks = istioWebhooks(ctx);
      const revisions = [
        ...new Set(
          ctx.view
            .list(Kinds.MutatingWebhookConfiguration)
            .flatMap(revisionsOf),
        ),
      ].sort();
      const namespaces = labelPermutations(
        [
          {},
          { 'istio-injection': 'enabled' },
          { 'istio-injection': 'disabled' },
        ],
        revisions,
      );
      const objects = labelPermutations(
        [
          {},
          { 'sidecar.istio.io/inject': 'true' },
          { 'sidecar.istio.io/inject': 'false' },
        ],
        revisions,
      );
      const overlaps = new Map<string, Set<string>>();
      for (const nsLabels of namespaces)
        for (const podLabels of objects) {
          const matching = webhooks.filter(
            ({ webhook }) =>
              selectorMatches(at(webhook, 'namespaceSelector'), nsLabels) &&
              selectorMatches(at(webhook, 'objectSelector'), podLabels),
          );
          const keys = [...new Set(matching.map(m => m.key))];
          if (keys.length < 2) continue;
          for (const key of keys) {
            const others = overlaps.get(key) ?? new Set<string>();
            keys.filter(k => k !== key).forEach(k => others.add(k));
            overlaps.set(key, others);
          }
        }
      return overlaps;
    },
  );
}

/**
 * MW603 / IST0139, as istioctl's webhook.Analyzer: an Istio injection
 * webhook that some namespace and pod labelling would send to another
 * Istio injection webhook as well (the pod would be injected twice), or
 * whose Service does not exist. Istio's webhooks are those of
 * configurations that name a revision or have a webhook named *istio.io.
 */
export function injectionWebhookFindings(
  ctx: AnalysisContext,
  config: KubeObject,
): Finding[] {
  const ref = ctx.ref(config, Kinds.MutatingWebhookConfiguration);
  const mine = istioWebhooks(ctx).filter(w => w.config === config);
  if (!mine.length) return [];
  const out: Finding[] = [];
  const overlaps = overlappingWebhooks(ctx);
  for (const { key, webhook } of mine) {
    const others = overlaps.get(key);
    if (others?.size)
      out.push(
        ctx.finding({
          code: 'MW603',
          objects: [ref],
          detailKey: `overlap:${key}`,
          message: `${describe(ref)}: webhook ${key} overlaps with ${listNames(
            [...others].sort(),
          )}: a pod both select may be injected twice.`,
          remediation: `Make the webhooks' namespace and object selectors disjoint (istioctl tag and the istiod chart set them up so); remove a leftover injector configuration of an uninstalled revision.`,
        }),
      );
    const service = at(webhook, 'clientConfig', 'service');
    if (service === undefined || service === null) continue; // a URL webhook
    if (!ctx.isSynced(Kinds.Service)) continue;
    const namespace = str(service, 'namespace') ?? '';
    const name = str(service, 'name') ?? '';
    if (!ctx.view.get(Kinds.Service, namespace, name))
      out.push(
        ctx.finding({
          code: 'MW603',
          objects: [ref],
          detailKey: `service:${key}`,
          message: `${describe(
            ref,
          )}: webhook ${key} calls Service ${namespace}/${name}, which does not exist: pods it selects cannot be injected.`,
          remediation: `Point the webhook at the istiod Service of its revision (istiod-<revision> in ${namespace}), or delete the configuration if its revision is gone.`,
        }),
      );
  }
  return out;
}
