import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import { ControlPlaneRevisionRef } from '../types/status';
import { arr, labelsOf, namespaceOf, str } from '../util/safe';
import { AnalysisContext, memoize } from './AnalysisContext';
import {
  DEFAULT_REVISION,
  ISTIO_REV_LABEL,
  ISTIO_TAG_LABEL,
  versionFromImage,
} from './istioConventions';
import { presenceOf } from '../util/presenceOf';

export interface IstiodRevision {
  revision: string;
  version?: string;
  deployment?: KubeObject;
  ref: ObjectRef;
}

export interface ControlPlaneIndex {
  /** istiod instances by revision (`default` for the unnamed one). */
  revisions: Map<string, IstiodRevision>;
  /** Revision tags (from the tag webhooks) to the revision they point at. */
  tags: Map<string, string>;
}

function istiodVersion(
  obj: KubeObject,
  podSpecPath: string[],
): string | undefined {
  let spec: unknown = obj;
  for (const p of podSpecPath)
    spec = (spec as Record<string, unknown> | undefined)?.[p];
  const containers = arr(spec, 'containers');
  const discovery =
    containers.find(c => str(c, 'name') === 'discovery') ?? containers[0];
  return versionFromImage(str(discovery, 'image'));
}

/**
 * The control planes in the cluster: istiod Deployments (label `app=istiod`,
 * revision from `istio.io/rev`), falling back to istiod pods when Deployments
 * are not visible, and the revision tags defined by
 * `istio-revision-tag-<tag>` webhooks (label `istio.io/tag`).
 */
export function controlPlaneIndex(ctx: AnalysisContext): ControlPlaneIndex {
  const { view } = ctx;
  return memoize(
    view,
    'controlPlaneIndex',
    [Kinds.Deployment, Kinds.Pod, Kinds.MutatingWebhookConfiguration],
    () => {
      const revisions = new Map<string, IstiodRevision>();
      for (const d of view.selectByLabels(Kinds.Deployment, undefined, {
        matchLabels: { app: 'istiod' },
      })) {
        const revision = labelsOf(d)[ISTIO_REV_LABEL] || DEFAULT_REVISION;
        revisions.set(revision, {
          revision,
          version: istiodVersion(d, ['spec', 'template', 'spec']),
          deployment: d,
          ref: ctx.ref(d, Kinds.Deployment),
        });
      }
      for (const p of view.selectByLabels(Kinds.Pod, undefined, {
        matchLabels: { app: 'istiod' },
      })) {
        const revision = labelsOf(p)[ISTIO_REV_LABEL] || DEFAULT_REVISION;
        if (revisions.has(revision)) continue;
        revisions.set(revision, {
          revision,
          version: istiodVersion(p, ['spec']),
          ref: ctx.refByName(
            Kinds.Deployment,
            namespaceOf(p),
            revision === DEFAULT_REVISION ? 'istiod' : `istiod-${revision}`,
          ),
        });
      }
      const tags = new Map<string, string>();
      for (const w of view.list(Kinds.MutatingWebhookConfiguration)) {
        const labels = labelsOf(w);
        const tag = labels[ISTIO_TAG_LABEL];
        if (tag && labels[ISTIO_REV_LABEL])
          tags.set(tag, labels[ISTIO_REV_LABEL]);
      }
      return { revisions, tags };
    },
  );
}

/**
 * Resolves a revision name (or tag) to its control plane. `found` is
 * `unknown` when the kinds that would show it are not readable.
 */
export function resolveRevision(
  ctx: AnalysisContext,
  revision: string,
): ControlPlaneRevisionRef {
  const index = controlPlaneIndex(ctx);
  const direct = index.revisions.get(revision);
  if (direct) {
    return {
      revision,
      ...(direct.version ? { version: direct.version } : {}),
      istiod: direct.ref,
      found: true,
    };
  }
  const tagged = index.tags.get(revision);
  if (tagged) {
    const target = index.revisions.get(tagged);
    return {
      revision,
      resolvedRevision: tagged,
      ...(target?.version ? { version: target.version } : {}),
      ...(target ? { istiod: target.ref } : {}),
      found: presenceOf(target !== undefined, controlPlaneVisibility(ctx)),
    };
  }
  return { revision, found: controlPlaneVisibility(ctx) ? false : 'unknown' };
}

/**
 * The istiod revision a resolved name stands for: the tag's target for a
 * revision tag, else the name itself. Pods record the revision of the istiod
 * that injected them (never the tag), so comparing a namespace's selection
 * with a pod's revision is only meaningful after this step.
 */
export function targetRevision(cp: ControlPlaneRevisionRef): string {
  return cp.resolvedRevision ?? cp.revision;
}

/** Whether the absence of an istiod or tag can be trusted. */
export function controlPlaneVisibility(ctx: AnalysisContext): boolean {
  const seesIstiod = ctx.isSynced(Kinds.Deployment) || ctx.isSynced(Kinds.Pod);
  return seesIstiod && ctx.isSynced(Kinds.MutatingWebhookConfiguration);
}

/** A pod of istiod itself (`app: istiod`, or the chart's `istio: pilot`). */
export function isIstiodPod(pod: KubeObject): boolean {
  const labels = labelsOf(pod);
  return labels.app === 'istiod' || labels.istio === 'pilot';
}

/**
 * Istio's own components (istiod, gateways), told apart as istioctl's
 * analyzers do (an `istio` label, or `release=istio`), plus istiod's
 * `app=istiod`. Their traffic is not governed by PeerAuthentication and
 * DestinationRules the way application traffic is: proxies reach istiod
 * through their bootstrap configuration, not through service routing.
 */
export function isIstioComponent(obj: KubeObject): boolean {
  const labels = labelsOf(obj);
  return (
    labels.istio !== undefined ||
    labels.release === 'istio' ||
    labels.app === 'istiod'
  );
}
