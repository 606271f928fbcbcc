import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { resolveRevision } from '../analyzers/controlPlane';
import {
  NamespaceMeshIntent,
  namespaceMeshIntent,
} from '../analyzers/dataPlane';
import { injectorConfig } from '../analyzers/injectorConfig';
import { DEFAULT_REVISION } from '../analyzers/istioConventions';
import { isDenyByDefault } from '../analyzers/networkPolicy';
import { canaryProgress, revisionUsage } from '../analyzers/revisions';
import { nameOf } from '../util/safe';

/** What the injector and istio-cni make of a namespace's conflicting labels. */
function conflictOutcome(intent: NamespaceMeshIntent): string {
  if (!intent.sidecar) {
    return intent.ambient
      ? 'the empty revision label selects no injector, and the namespace is in ambient mode'
      : 'no sidecar is injected and the namespace is not enrolled in ambient mode';
  }
  const revision = intent.conflictingLabels.includes('istio-injection=enabled')
    ? 'istio-injection=enabled wins: pods get sidecars from the default revision'
    : `pods get sidecars from revision ${intent.revision}`;
  return intent.ambient
    ? `${revision}, and ambient mode does not capture pods that have one`
    : `${revision}; the other labels are ignored`;
}

/** Findings about one namespace: mesh membership labels and deny-by-default (MW101, MW103, MW104, MW702). */
export function namespaceFindings(
  ctx: AnalysisContext,
  ns: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const name = nameOf(ns);
  if (!name) return out;
  const ref = ctx.ref(ns, Kinds.Namespace);
  const intent = namespaceMeshIntent(ns);
  const system = ctx.config.systemNamespaces.has(name);
  // MW101 / IST0102: every namespace that does not say whether it is in the
  // mesh, pods or not (a namespace without pods yet gets its first ones
  // without a proxy), unless the default injector injects unlabelled
  // namespaces (sidecarInjectorWebhook.enableNamespacesByDefault, for which
  // istioctl reports IST0148 instead). Undecidable without the injector's
  // ConfigMap.
  if (
    !system &&
    intent.unlabelled &&
    ctx.isSynced(Kinds.ConfigMap) &&
    !injectorConfig(ctx, DEFAULT_REVISION)?.enableNamespacesByDefault
  ) {
    const hasPods = ctx.view.list(Kinds.Pod, name).length > 0;
    out.push(
      ctx.finding({
        code: 'MW101',
        objects: [ref],
        message: `Namespace ${name} is not in the mesh: it has no istio-injection, istio.io/rev or istio.io/dataplane-mode label${
          hasPods ? '' : '; pods created in it will start without a proxy'
        }.`,
        remediation: `kubectl label namespace ${name} istio-injection=enabled (or istio.io/rev=<revision>, or istio.io/dataplane-mode=ambient); label it istio-injection=disabled to mark it as intentionally outside the mesh.`,
      }),
    );
  }
  // MW103 / IST0123: labels that ask for different data planes or revisions.
  if (!system && intent.conflictingLabels.length) {
    out.push(
      ctx.finding({
        code: 'MW103',
        objects: [ref],
        message: `Namespace ${name} has conflicting data plane labels ${intent.conflictingLabels.join(
          ', ',
        )}: ${conflictOutcome(intent)}.`,
        remediation: `Keep one of them: kubectl label namespace ${name} <label>- for each of the others (istio.io/rev alone for a canary revision, istio-injection=enabled alone for the default one, istio.io/dataplane-mode=ambient alone for ambient).`,
      }),
    );
  }
  if (intent.sidecar && intent.revision) {
    const cp = resolveRevision(ctx, intent.revision);
    if (cp.found === false) {
      out.push(
        ctx.finding({
          code: 'MW104',
          objects: [ref],
          message: `Namespace ${name} selects revision "${intent.revision}"${
            cp.resolvedRevision ? ` (tag for ${cp.resolvedRevision})` : ''
          }, but no istiod serves it: new pods start without a sidecar.`,
          remediation: `Point the namespace at an installed revision (kubectl label namespace ${name} istio.io/rev=<revision> --overwrite) or install that revision / tag (istioctl tag set).`,
        }),
      );
    }
  }
  if (
    ctx.config.requireDenyByDefaultNetworkPolicy &&
    !system &&
    (intent.sidecar || intent.ambient) &&
    ctx.isSynced(Kinds.NetworkPolicy) &&
    !ctx.view.list(Kinds.NetworkPolicy, name).some(isDenyByDefault)
  ) {
    out.push(
      ctx.finding({
        code: 'MW702',
        objects: [ref],
        message: `Namespace ${name} has no deny-by-default NetworkPolicy (podSelector: {}, policyTypes: [Ingress], no rules).`,
        remediation: `Apply a deny-by-default NetworkPolicy in ${name} and allow the ingress gateway namespace explicitly (seed 003).`,
      }),
    );
  }
  return out;
}

/** Revisions in use and revisions nobody uses (MW601, MW602). */
export function controlPlaneFindings(ctx: AnalysisContext): Finding[] {
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.Namespace)) return [];
  const out: Finding[] = [];
  const usages = revisionUsage(ctx);
  const used = usages.filter(
    u => u.istiod && (u.pods > 0 || u.namespaces.length > 0),
  );
  if (used.length >= 2) {
    const progress = canaryProgress(usages);
    const refs = used.flatMap(u => (u.istiod ? [u.istiod] : []));
    out.push(
      ctx.finding({
        code: 'MW601',
        objects: refs.length
          ? refs
          : [
              ctx.refByName(
                Kinds.Namespace,
                undefined,
                ctx.config.rootNamespace,
              ),
            ],
        message: `${used.length} control-plane revisions are in use: ${used
          .map(
            u =>
              `${u.revision}${u.version ? ` (${u.version})` : ''}: ${
                u.namespaces.length
              } namespace(s), ${u.pods} pod(s)`,
          )
          .join('; ')}${
          progress.ratio !== undefined
            ? `; ${Math.round(progress.ratio * 100)}% of sidecar pods on ${
                progress.target
              }`
            : ''
        }.`,
        remediation: `Finish the canary upgrade: relabel the remaining namespaces with istio.io/rev=${
          progress.target ?? '<new revision>'
        } and restart their workloads (seed 003).`,
      }),
    );
  }
  for (const u of usages) {
    if (!u.istiod || u.pods > 0 || u.namespaces.length > 0) continue;
    if (!ctx.isSynced(Kinds.MutatingWebhookConfiguration)) continue;
    out.push(
      ctx.finding({
        code: 'MW602',
        objects: [u.istiod],
        message: `Revision ${u.revision}${
          u.version ? ` (${u.version})` : ''
        } serves no namespace and no sidecar pod${
          u.tags.length ? ` (tags: ${u.tags.join(', ')})` : ''
        }.`,
        remediation: `If the upgrade is complete, remove it: istioctl uninstall --revision ${u.revision} (seed 003).`,
      }),
    );
  }
  return out;
}
