import { Kinds } from '../kinds';
import { ObjectRef } from '../types/kube';
import { nameOf, namespaceOf } from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import { controlPlaneIndex } from './controlPlane';
import { namespaceMeshIntent, podRevision } from './dataPlane';
import {
  compareVersions,
  DEFAULT_REVISION,
  ISTIO_REV_LABEL,
  versionFromImage,
} from './istioConventions';
import { proxyContainerOf } from './pods';
import { labelsOf, str } from '../util/safe';

export interface RevisionUsage {
  /** The istiod revision (tags resolved). */
  revision: string;
  version?: string;
  istiod?: ObjectRef;
  /** Tags pointing at this revision. */
  tags: string[];
  namespaces: string[];
  pods: number;
  proxyVersions: Record<string, number>;
}

/**
 * Namespaces and sidecar pods per control-plane revision, tags resolved to
 * the revision they point at. Revisions named by labels but without istiod
 * are included (with no `istiod`).
 */
export function revisionUsage(ctx: AnalysisContext): RevisionUsage[] {
  const index = controlPlaneIndex(ctx);
  const usage = new Map<string, RevisionUsage>();
  const entry = (name: string) => {
    const revision =
      index.tags.get(name) && !index.revisions.has(name)
        ? index.tags.get(name)!
        : name;
    let u = usage.get(revision);
    if (!u) {
      const cp = index.revisions.get(revision);
      u = {
        revision,
        ...(cp?.version ? { version: cp.version } : {}),
        ...(cp ? { istiod: cp.ref } : {}),
        tags: [...index.tags.entries()]
          .filter(([, r]) => r === revision)
          .map(([t]) => t),
        namespaces: [],
        pods: 0,
        proxyVersions: {},
      };
      usage.set(revision, u);
    }
    return u;
  };
  for (const rev of index.revisions.keys()) entry(rev);
  for (const ns of ctx.view.list(Kinds.Namespace)) {
    const intent = namespaceMeshIntent(ns);
    if (intent.sidecar && intent.revision) {
      entry(intent.revision).namespaces.push(nameOf(ns) ?? '');
    } else if (intent.ambient) {
      // Ambient namespaces are served by ztunnel and waypoints of the
      // namespace's revision, or of the default one; with a single istiod
      // that is the one.
      const rev = labelsOf(ns)[ISTIO_REV_LABEL] || DEFAULT_REVISION;
      const onlyOne =
        index.revisions.size === 1 ? [...index.revisions.keys()][0] : undefined;
      const resolvable = index.revisions.has(rev) || index.tags.has(rev);
      entry(resolvable ? rev : onlyOne ?? rev).namespaces.push(
        nameOf(ns) ?? '',
      );
    }
  }
  for (const pod of ctx.view.list(Kinds.Pod)) {
    const proxy = proxyContainerOf(pod);
    if (proxy === undefined || namespaceOf(pod) === undefined) continue;
    const u = entry(podRevision(pod));
    u.pods++;
    const v = versionFromImage(str(proxy, 'image')) ?? 'unknown';
    u.proxyVersions[v] = (u.proxyVersions[v] ?? 0) + 1;
  }
  return [...usage.values()].sort((a, b) => {
    if (a.version && b.version) return compareVersions(a.version, b.version);
    return a.revision < b.revision ? -1 : 1;
  });
}

/**
 * Canary progress: the share of sidecar pods on the newest revision that has
 * an istiod, when more than one revision is in use.
 */
export function canaryProgress(usages: readonly RevisionUsage[]): {
  target?: string;
  podsOnTarget: number;
  totalPods: number;
  ratio?: number;
} {
  const withIstiod = usages.filter(u => u.istiod);
  const used = usages.filter(u => u.pods > 0 || u.namespaces.length > 0);
  const totalPods = usages.reduce((n, u) => n + u.pods, 0);
  if (withIstiod.length === 0) return { podsOnTarget: 0, totalPods };
  const target = withIstiod[withIstiod.length - 1];
  if (used.length < 2) {
    return { target: target.revision, podsOnTarget: target.pods, totalPods };
  }
  return {
    target: target.revision,
    podsOnTarget: target.pods,
    totalPods,
    ...(totalPods ? { ratio: target.pods / totalPods } : {}),
  };
}
