import { apiVersionFor, kindKey, kindOfObject } from '../kinds';
import { Finding, FindingCode, Severity } from '../types/findings';
import { KindRef, KubeObject, ObjectRef } from '../types/kube';
import { UnknownInfo, UnknownReason } from '../types/unknown';
import { ClusterView } from '../view/ClusterView';
import { KindSyncStatus } from '../types/sync';
import { findingDefinition } from '../findings/findingCatalogue';
import { nameOf, namespaceOf, str } from '../util/safe';
import {
  AnalyzerConfig,
  ResolvedAnalyzerConfig,
  resolveAnalyzerConfig,
} from './AnalyzerConfig';

const memoCache = new WeakMap<
  ClusterView,
  Map<string, { versions: number[]; value: unknown }>
>();

/**
 * Caches a value derived from the view (an index of VirtualServices by host,
 * say) until any of the kinds it depends on changes, so per-entity requests
 * reuse cluster-wide indexes built once.
 */
export function memoize<T>(
  view: ClusterView,
  key: string,
  dependsOn: readonly KindRef[],
  build: () => T,
): T {
  let perView = memoCache.get(view);
  if (!perView) {
    perView = new Map();
    memoCache.set(view, perView);
  }
  const versions = dependsOn.map(k => view.kindVersion(k));
  const cached = perView.get(key);
  if (cached && cached.versions.every((v, i) => v === versions[i])) {
    return cached.value as T;
  }
  const value = build();
  perView.set(key, { versions, value });
  return value;
}

const REASONS: Record<Exclude<KindSyncStatus, 'synced'>, UnknownReason> = {
  pending: 'pending',
  forbidden: 'forbidden',
  notInstalled: 'notInstalled',
  notWatched: 'notWatched',
  error: 'error',
  stale: 'stale',
};

/** The view, the resolved config and helpers shared by all analyzers of one run. */
export class AnalysisContext {
  readonly config: ResolvedAnalyzerConfig;

  constructor(readonly view: ClusterView, config?: AnalyzerConfig) {
    this.config = resolveAnalyzerConfig(config);
  }

  get cluster() {
    return this.view.cluster;
  }

  /** Undefined when every kind is synced; otherwise why values built from them are unknown. */
  unknownFor(...kinds: KindRef[]): UnknownInfo | undefined {
    const problems = kinds
      .map(k => this.view.kindState(k))
      .filter(s => s.status !== 'synced');
    if (problems.length === 0) return undefined;
    const first = problems[0];
    return {
      reason: REASONS[first.status as Exclude<KindSyncStatus, 'synced'>],
      message: problems
        .map(
          p =>
            `${p.kind}${p.group ? ` (${p.group})` : ''} is ${p.status}${
              p.reason ? `: ${p.reason}` : ''
            }`,
        )
        .join('; '),
      kinds: problems.map(p => kindKey(p)),
      since: first.since,
    };
  }

  isSynced(kind: KindRef): boolean {
    return this.view.kindState(kind).status === 'synced';
  }

  ref(obj: KubeObject, kind?: KindRef): ObjectRef {
    const k = kind ?? kindOfObject(obj) ?? { group: '', kind: 'Unknown' };
    const namespace = namespaceOf(obj);
    return {
      cluster: this.cluster,
      apiVersion: str(obj, 'apiVersion') ?? apiVersionFor(k),
      kind: k.kind,
      ...(namespace ? { namespace } : {}),
      name: nameOf(obj) ?? '(unnamed)',
    };
  }

  refByName(
    kind: KindRef,
    namespace: string | undefined,
    name: string,
  ): ObjectRef {
    return {
      cluster: this.cluster,
      apiVersion: apiVersionFor(kind),
      kind: kind.kind,
      ...(namespace ? { namespace } : {}),
      name,
    };
  }

  finding(args: {
    code: FindingCode;
    objects: ObjectRef[];
    message: string;
    remediation: string;
    severity?: Severity;
    /** Distinguishes several findings of one code on the same objects. */
    detailKey?: string;
  }): Finding {
    const def = findingDefinition(args.code);
    return {
      id: `${args.code}:${this.cluster}:${objectsKey(args.objects)}${
        args.detailKey ? `#${args.detailKey}` : ''
      }`,
      code: args.code,
      severity: args.severity ?? def.defaultSeverity,
      cluster: this.cluster,
      objects: args.objects,
      message: args.message,
      remediation: args.remediation,
      reference: def.reference,
      ...(def.istioCode ? { istioCode: def.istioCode } : {}),
      ...(def.kialiCode ? { kialiCode: def.kialiCode } : {}),
    };
  }
}

/**
 * The objects a finding is about, as part of its id: the first object, and
 * for more a count and a hash of all of them. Spelling out every object made
 * ids of several hundred characters (a finding per workload names each pod),
 * kept per finding in memory and sent with every status.
 */
function objectsKey(objects: readonly ObjectRef[]): string {
  const keys = objects.map(o => `${o.kind}:${o.namespace ?? ''}/${o.name}`);
  if (keys.length <= 2) return keys.join('|');
  return `${keys[0]}|+${keys.length - 1}:${fnv1a(keys.join('|'))}`;
}

/** FNV-1a, 32 bits, in base 36: a short, stable digest (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
