import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import {
  EckCheck,
  EckHealth,
  EckKind,
  EckResourceStatus,
  MtlsMode,
} from '../types/status';
import {
  arr,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  rec,
  str,
  stringMap,
} from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import { analyzeWorkload, groupWorkloads } from './analyzeWorkload';
import {
  ambientCaptured,
  expectedDataPlane,
  NamespaceMeshIntent,
  namespaceMeshIntent,
  sidecarExpected,
} from './dataPlane';
import { mergePeerAuthentication } from './mtls';
import { hasSidecar } from './pods';
import { isEckOperatorPod } from './portClients';

const ECK_KINDS: Record<
  EckKind,
  {
    kind:
      | typeof Kinds.Elasticsearch
      | typeof Kinds.Kibana
      | typeof Kinds.ApmServer;
    podLabel: string;
    httpPort: number;
    typeLabel: string;
  }
> = {
  Elasticsearch: {
    kind: Kinds.Elasticsearch,
    podLabel: 'elasticsearch.k8s.elastic.co/cluster-name',
    httpPort: 9200,
    typeLabel: 'elasticsearch',
  },
  Kibana: {
    kind: Kinds.Kibana,
    podLabel: 'kibana.k8s.elastic.co/name',
    httpPort: 5601,
    typeLabel: 'kibana',
  },
  ApmServer: {
    kind: Kinds.ApmServer,
    podLabel: 'apm.k8s.elastic.co/name',
    httpPort: 8200,
    typeLabel: 'apm-server',
  },
};

export const ECK_RESOURCE_KINDS = Object.values(ECK_KINDS).map(k => k.kind);

export function eckKindOf(obj: KubeObject): EckKind | undefined {
  const kind = str(obj, 'kind');
  return kind === 'Elasticsearch' || kind === 'Kibana' || kind === 'ApmServer'
    ? kind
    : undefined;
}

/** Pods ECK created for a resource (ECK labels them with the resource name). */
export function eckPods(
  ctx: AnalysisContext,
  kind: EckKind,
  obj: KubeObject,
): readonly KubeObject[] {
  const name = nameOf(obj);
  if (!name) return [];
  return ctx.view.selectByLabels(Kinds.Pod, namespaceOf(obj), {
    matchLabels: { [ECK_KINDS[kind].podLabel]: name },
  });
}

/** Pod templates the user controls: one per Elasticsearch nodeSet, one for Kibana/APM. */
function podTemplates(
  kind: EckKind,
  obj: KubeObject,
): { name: string; template: unknown }[] {
  if (kind === 'Elasticsearch') {
    return arr(obj, 'spec', 'nodeSets').map((ns, i) => ({
      name: str(ns, 'name') ?? `nodeSets[${i}]`,
      template: at(ns, 'podTemplate'),
    }));
  }
  return [{ name: 'podTemplate', template: at(obj, 'spec', 'podTemplate') }];
}

function healthOf(obj: KubeObject): EckHealth {
  const h = str(obj, 'status', 'health');
  return h === 'green' || h === 'yellow' || h === 'red' ? h : 'unknown';
}

function associations(obj: KubeObject): { kind: string; status: string }[] {
  const status = rec(obj, 'status') ?? {};
  const out: { kind: string; status: string }[] = [];
  for (const [key, value] of Object.entries(status)) {
    if (
      typeof value === 'string' &&
      value &&
      /(^a|A)ssociationStatus$/.test(key)
    ) {
      out.push({
        kind:
          key === 'associationStatus'
            ? 'elasticsearch'
            : key.replace(/AssociationStatus$/, ''),
        status: value,
      });
    }
  }
  return out;
}

/** The ECK operator's pods (container `manager`), wherever it runs. */
export function operatorPods(ctx: AnalysisContext): KubeObject[] {
  const byLabel = [
    ...ctx.view.selectByLabels(Kinds.Pod, undefined, {
      matchLabels: { 'control-plane': 'elastic-operator' },
    }),
    ...ctx.view.selectByLabels(Kinds.Pod, undefined, {
      matchLabels: { 'app.kubernetes.io/name': 'elastic-operator' },
    }),
  ];
  return [...new Set(byLabel)].filter(isEckOperatorPod);
}

/** Whether Istio CNI runs in the cluster (its node DaemonSet). */
export function istioCniPresent(ctx: AnalysisContext): boolean | 'unknown' {
  if (
    ctx.view.selectByLabels(Kinds.DaemonSet, undefined, {
      matchLabels: { 'k8s-app': 'istio-cni-node' },
    }).length ||
    ctx.view.list(Kinds.DaemonSet).some(d => nameOf(d) === 'istio-cni-node')
  ) {
    return true;
  }
  return ctx.isSynced(Kinds.DaemonSet) ? false : 'unknown';
}

/** What the MW5xx checks and the status of one ECK resource are computed from. */
export interface EckResourceFacts {
  obj: KubeObject;
  kind: EckKind;
  ref: ObjectRef;
  name: string;
  namespace: string;
  intent: NamespaceMeshIntent;
  pods: readonly KubeObject[];
  /** Pod templates the user controls: one per Elasticsearch nodeSet, one for Kibana/APM. */
  templates: { name: string; template: unknown }[];
  /** The port clients use (9200, 5601, 8200). */
  httpPort: number;
  dataPlane: EckResourceStatus['dataPlane'];
  /** The effective mTLS mode of the HTTP port. */
  httpMtls: MtlsMode;
  sidecar: boolean;
  ambient: boolean;
  inMesh: boolean;
  selfSignedDisabled: boolean;
  health: EckHealth;
  phase?: string;
  associations: { kind: string; status: string }[];
}

/**
 * The data plane, HTTP mTLS and health of one Elasticsearch, Kibana or APM
 * Server, from its pods, or from its namespace while it has none yet.
 */
export function eckResourceFacts(
  ctx: AnalysisContext,
  obj: KubeObject,
): EckResourceFacts | undefined {
  const kind = eckKindOf(obj);
  if (!kind) return undefined;
  const spec = ECK_KINDS[kind];
  const ref = ctx.ref(obj, spec.kind);
  const name = nameOf(obj) ?? '';
  const namespace = namespaceOf(obj) ?? '';
  const nsObj = ctx.view.namespace(namespace);
  const intent = namespaceMeshIntent(nsObj);
  const pods = eckPods(ctx, kind, obj);
  const templates = podTemplates(kind, obj);
  const templateLabels = {
    [spec.podLabel]: name,
    'common.k8s.elastic.co/type': spec.typeLabel,
  };

  // Data plane and mTLS from the pods, or from the namespace while there are none yet.
  let dataPlane: EckResourceStatus['dataPlane'];
  let httpMtls: MtlsMode;
  if (pods.length) {
    const analyses = groupWorkloads(ctx, pods).map(g =>
      analyzeWorkload(ctx, g),
    );
    const modes = [...new Set(analyses.flatMap(a => a.podModes))];
    dataPlane = modes.length === 1 ? modes[0] : 'partial';
    const httpModes = [
      ...new Set(
        analyses.map(
          a =>
            a.status.mtls.ports.find(p => p.port === spec.httpPort)?.mode ??
            a.status.mtls.workloadMode,
        ),
      ),
    ];
    httpMtls = httpModes.length === 1 ? httpModes[0] : 'mixed';
  } else {
    const synthetic: KubeObject = {
      metadata: {
        name,
        namespace,
        labels: {
          ...templateLabels,
          ...stringMap(at(templates[0]?.template, 'metadata', 'labels')),
        },
        annotations: stringMap(
          at(templates[0]?.template, 'metadata', 'annotations'),
        ),
      },
      spec: {},
    };
    const sidecar = sidecarExpected(synthetic, nsObj);
    const ambient = !sidecar && ambientCaptured(synthetic, nsObj);
    dataPlane = expectedDataPlane(
      ctx.isSynced(Kinds.Namespace),
      sidecar,
      ambient,
    );
    if (dataPlane === 'none') httpMtls = 'DISABLE';
    else if (ctx.isSynced(Kinds.PeerAuthentication))
      httpMtls = mergePeerAuthentication(
        ctx,
        namespace,
        synthetic.metadata!.labels!,
      ).mode;
    else httpMtls = 'unknown';
  }
  const sidecar =
    dataPlane === 'sidecar' ||
    (dataPlane === 'partial' && pods.some(hasSidecar));
  const ambient =
    dataPlane === 'ambient' ||
    dataPlane === 'ambient+waypoint' ||
    intent.ambient;
  const inMesh = sidecar || ambient;
  const selfSignedDisabled =
    at(obj, 'spec', 'http', 'tls', 'selfSignedCertificate', 'disabled') ===
    true;
  const health = healthOf(obj);
  const phase = str(obj, 'status', 'phase');
  return {
    obj,
    kind,
    ref,
    name,
    namespace,
    intent,
    pods,
    templates,
    httpPort: spec.httpPort,
    dataPlane,
    httpMtls,
    sidecar,
    ambient,
    inMesh,
    selfSignedDisabled,
    health,
    ...(phase ? { phase } : {}),
    associations: associations(obj),
  };
}

/** The status the Mesh tab shows for an ECK resource: its facts and the results of its checks. */
export function eckResourceStatus(
  ctx: AnalysisContext,
  facts: EckResourceFacts,
  checks: EckCheck[],
): EckResourceStatus {
  const version = str(facts.obj, 'spec', 'version');
  const unknown = ctx.unknownFor(ECK_KINDS[facts.kind].kind);
  return {
    ref: facts.ref,
    kind: facts.kind,
    ...(version ? { version } : {}),
    health: facts.health,
    ...(facts.phase ? { phase: facts.phase } : {}),
    ...(unknown ? { unknown } : {}),
    associations: facts.associations,
    httpSelfSignedTlsDisabled: facts.selfSignedDisabled,
    dataPlane: facts.dataPlane,
    mtls: facts.httpMtls,
    checks,
  };
}

/** ECK resources whose own labels, or whose pods' labels, satisfy a predicate. */
export function eckResourcesMatching(
  ctx: AnalysisContext,
  namespace: string | undefined,
  matches: (labels: Record<string, string>) => boolean,
  pods: readonly KubeObject[],
): KubeObject[] {
  const out: KubeObject[] = [];
  for (const [kind, spec] of Object.entries(ECK_KINDS) as [
    EckKind,
    (typeof ECK_KINDS)[EckKind],
  ][]) {
    const podNames = new Set(
      pods.map(p => `${namespaceOf(p)}/${labelsOf(p)[spec.podLabel] ?? ''}`),
    );
    for (const obj of ctx.view.list(spec.kind, namespace)) {
      if (eckKindOf(obj) !== kind) continue;
      if (
        matches(labelsOf(obj)) ||
        podNames.has(`${namespaceOf(obj)}/${nameOf(obj)}`)
      )
        out.push(obj);
    }
  }
  return out;
}
