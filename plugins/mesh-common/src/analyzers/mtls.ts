import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  ChainLink,
  DestinationRuleTls,
  DestinationRuleTlsMode,
  MtlsMode,
  MtlsStatus,
  PodDataPlaneMode,
  PortMtls,
} from '../types/status';
import { UnknownInfo } from '../types/unknown';
import {
  arr,
  asNumber,
  compareOldestFirst,
  nameOf,
  namespaceOf,
  rec,
  str,
  strings,
  stringMap,
  labelsOf,
  at,
  uniq,
} from '../util/safe';
import { hostCovers, resolveShortName, serviceFqdn } from '../util/hosts';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext, memoize } from './AnalysisContext';
import {
  containerPortsOf,
  podShapeKey,
  inboundBypassAnnotation,
  resolvePodPort,
} from './pods';

export type PeerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** A PeerAuthentication's mode; `undefined` for UNSET (or an unrecognised value). */
export function peerAuthenticationMode(value: unknown): PeerMode | undefined {
  const mode = typeof value === 'string' ? value.toUpperCase() : undefined;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE'
    ? mode
    : undefined;
}

/** Istio's workload selector: matchLabels only; empty means "no selector". */
export function workloadSelectorOf(
  obj: KubeObject,
): Record<string, string> | undefined {
  const matchLabels = stringMap(at(obj, 'spec', 'selector', 'matchLabels'));
  return Object.keys(matchLabels).length ? matchLabels : undefined;
}

export interface ApplicablePeerAuthentications {
  mesh?: KubeObject;
  namespace?: KubeObject;
  workload?: KubeObject;
}

/**
 * The PeerAuthentications Istio composes for a workload: the oldest
 * selector-less one in the root namespace (mesh), the oldest selector-less one
 * in the workload's namespace, and the oldest one in that namespace whose
 * selector matches. Selector policies in the root namespace are ignored
 * (Istio's composePeerAuthentication; see the PeerAuthentication reference).
 */
export function applicablePeerAuthentications(
  ctx: AnalysisContext,
  namespace: string,
  labels: Record<string, string>,
): ApplicablePeerAuthentications {
  const root = ctx.config.rootNamespace;
  const pick = (candidates: KubeObject[]) =>
    candidates.length ? [...candidates].sort(compareOldestFirst)[0] : undefined;
  const rootPolicies = ctx.view.list(Kinds.PeerAuthentication, root);
  const mesh = pick(rootPolicies.filter(p => !workloadSelectorOf(p)));
  if (namespace === root) return { ...(mesh ? { mesh } : {}) };
  const nsPolicies = ctx.view.list(Kinds.PeerAuthentication, namespace);
  const nsLevel = pick(nsPolicies.filter(p => !workloadSelectorOf(p)));
  const workload = pick(
    nsPolicies.filter(p => {
      const sel = workloadSelectorOf(p);
      return sel !== undefined && isLabelSubset(sel, labels);
    }),
  );
  return {
    ...(mesh ? { mesh } : {}),
    ...(nsLevel ? { namespace: nsLevel } : {}),
    ...(workload ? { workload } : {}),
  };
}

export interface MergedPeerAuthentication {
  mode: PeerMode;
  perPort: Map<number, PeerMode>;
  chain: ChainLink[];
  portChain: Map<number, ChainLink>;
  meshMode?: PeerMode;
}

/** Composes the applicable policies: default PERMISSIVE, mesh, namespace, workload, then ports. */
export function mergePeerAuthentication(
  ctx: AnalysisContext,
  namespace: string,
  labels: Record<string, string>,
): MergedPeerAuthentication {
  const applicable = applicablePeerAuthentications(ctx, namespace, labels);
  let mode: PeerMode = 'PERMISSIVE';
  const chain: ChainLink[] = [
    {
      level: 'default',
      effect: 'PERMISSIVE (Istio default when no policy sets a mode)',
    },
  ];
  const level = (
    obj: KubeObject | undefined,
    lvl: 'mesh' | 'namespace' | 'workload',
  ) => {
    if (!obj) return undefined;
    const m = peerAuthenticationMode(at(obj, 'spec', 'mtls', 'mode'));
    if (m) mode = m;
    chain.push({
      level: lvl,
      ref: ctx.ref(obj, Kinds.PeerAuthentication),
      effect: m ?? `UNSET (inherits ${mode})`,
    });
    return m;
  };
  const meshMode = level(applicable.mesh, 'mesh');
  level(applicable.namespace, 'namespace');
  level(applicable.workload, 'workload');
  const perPort = new Map<number, PeerMode>();
  const portChain = new Map<number, ChainLink>();
  const w = applicable.workload;
  if (w) {
    for (const [key, value] of Object.entries(
      rec(w, 'spec', 'portLevelMtls') ?? {},
    )) {
      const port = asNumber(key);
      if (port === undefined) continue;
      const m = peerAuthenticationMode(at(value, 'mode'));
      perPort.set(port, m ?? mode);
      portChain.set(port, {
        level: 'port',
        ref: ctx.ref(w, Kinds.PeerAuthentication),
        effect: m
          ? `port ${port}: ${m}`
          : `port ${port}: UNSET (inherits ${mode})`,
      });
    }
  }
  return { mode, perPort, chain, portChain, ...(meshMode ? { meshMode } : {}) };
}

/**
 * What a server actually enforces on one port, given its data plane: a pod
 * without a proxy (or a port the sidecar does not intercept) takes plaintext
 * only; in ambient mode ztunnel always speaks mTLS between mesh workloads and
 * DISABLE is not supported, so it behaves like PERMISSIVE (plaintext from
 * outside the mesh is accepted).
 */
export function effectivePortMode(
  pod: KubeObject,
  podMode: PodDataPlaneMode,
  merged: MergedPeerAuthentication,
  port: number,
): { mode: PeerMode; chain: ChainLink[] } {
  const chain = [...merged.chain];
  const portLink = merged.portChain.get(port);
  if (portLink) chain.push(portLink);
  const configured = merged.perPort.get(port) ?? merged.mode;
  if (podMode === 'none') {
    return {
      mode: 'DISABLE',
      chain: [
        ...chain,
        {
          level: 'dataPlane',
          effect:
            'no proxy: connections reach the application directly, without Istio mTLS; PeerAuthentication has no effect',
        },
      ],
    };
  }
  const bypass =
    podMode === 'sidecar' ? inboundBypassAnnotation(pod, port) : undefined;
  if (bypass) {
    return {
      mode: 'DISABLE',
      chain: [
        ...chain,
        {
          level: 'dataPlane',
          effect: `port ${port} bypasses the sidecar (${bypass}): connections reach the application directly, without Istio mTLS; PeerAuthentication has no effect on it`,
        },
      ],
    };
  }
  if (
    (podMode === 'ambient' || podMode === 'ambient+waypoint') &&
    configured === 'DISABLE'
  ) {
    return {
      mode: 'PERMISSIVE',
      chain: [
        ...chain,
        {
          level: 'dataPlane',
          effect:
            'ambient: DISABLE is not supported; ztunnel keeps mTLS inside the mesh and accepts plaintext from outside (PERMISSIVE)',
        },
      ],
    };
  }
  return { mode: configured, chain };
}

/** Target ports of a pod: Service target ports (names resolved), container ports, PeerAuthentication port keys. */
export interface TargetPortInfo {
  name?: string;
  servicePorts: { service: string; port: number; name?: string }[];
}

export function podTargetPorts(
  pod: KubeObject,
  services: readonly KubeObject[],
  extraPorts: Iterable<number>,
): Map<number, TargetPortInfo> {
  const ports = new Map<number, TargetPortInfo>();
  const entry = (port: number) => {
    let e = ports.get(port);
    if (!e) {
      e = { servicePorts: [] };
      ports.set(port, e);
    }
    return e;
  };
  for (const svc of services) {
    for (const sp of arr(svc, 'spec', 'ports')) {
      const servicePort = asNumber(at(sp, 'port'));
      if (servicePort === undefined) continue;
      const target = at(sp, 'targetPort') ?? servicePort;
      const targetPort = resolvePodPort(pod, target);
      if (targetPort === undefined) continue;
      const spName = str(sp, 'name');
      entry(targetPort).servicePorts.push({
        service: nameOf(svc) ?? '',
        port: servicePort,
        ...(spName ? { name: spName } : {}),
      });
    }
  }
  for (const cp of containerPortsOf(pod)) {
    const e = entry(cp.port);
    if (cp.name && !e.name) e.name = cp.name;
  }
  for (const p of extraPorts) entry(p);
  return ports;
}

// ---------------------------------------------------------------- DestinationRules

interface DestinationRuleIndex {
  exact: Map<string, KubeObject[]>;
  wildcard: { host: string; dr: KubeObject }[];
}

function destinationRuleIndex(ctx: AnalysisContext): DestinationRuleIndex {
  return memoize(
    ctx.view,
    `drIndex:${ctx.config.clusterDomain}`,
    [Kinds.DestinationRule],
    () => {
      const exact = new Map<string, KubeObject[]>();
      const wildcard: { host: string; dr: KubeObject }[] = [];
      for (const dr of ctx.view.list(Kinds.DestinationRule)) {
        const host = str(dr, 'spec', 'host');
        if (!host) continue;
        const resolved = resolveShortName(
          host,
          namespaceOf(dr) ?? '',
          ctx.config.clusterDomain,
        );
        if (resolved.startsWith('*')) wildcard.push({ host: resolved, dr });
        else {
          const list = exact.get(resolved) ?? [];
          list.push(dr);
          exact.set(resolved, list);
        }
      }
      return { exact, wildcard };
    },
  );
}

export function drTlsMode(value: unknown): DestinationRuleTlsMode {
  const m = typeof value === 'string' ? value.toUpperCase() : undefined;
  return m === 'DISABLE' ||
    m === 'SIMPLE' ||
    m === 'MUTUAL' ||
    m === 'ISTIO_MUTUAL'
    ? m
    : 'unset';
}

/**
 * Which clients a DestinationRule in namespace `ns` applies to for a Service
 * in `svcNs`. Istio looks in the client's namespace first, then in the
 * Service's, then in the root namespace (see the IST0113 reference), so a
 * root-namespace rule is only the mesh default while the Service's namespace
 * has no rule of its own; otherwise it still shapes the root namespace's own
 * clients (gateways there, for instance).
 */
function clientScope(
  ns: string,
  rootNamespace: string,
  svcNs: string,
  svcNsHasRule: boolean,
): string {
  if (ns === rootNamespace && ns !== svcNs) {
    return svcNsHasRule ? `clients in ${ns}` : 'all clients (mesh default)';
  }
  return ns === svcNs ? 'all clients' : `clients in ${ns}`;
}

/** The client namespaces a `scope` from `destinationRulesForService` names; `undefined` for all. */
export function scopeNamespace(scope: string): string | undefined {
  return scope.startsWith('clients in ')
    ? scope.slice('clients in '.length)
    : undefined;
}

/**
 * The DestinationRules that shape traffic to a Service: per namespace the
 * most specific host match (exact over wildcard, longer wildcard first). A
 * rule in the client's namespace wins for that namespace's clients; the
 * Service's namespace and the root namespace provide the defaults for
 * everyone else.
 */
export function destinationRulesForService(
  ctx: AnalysisContext,
  service: KubeObject,
): { dr: KubeObject; host: string; scope: string }[] {
  const svcNs = namespaceOf(service) ?? '';
  const fqdn = serviceFqdn(
    nameOf(service) ?? '',
    svcNs,
    ctx.config.clusterDomain,
  );
  const index = destinationRuleIndex(ctx);
  const candidates: { dr: KubeObject; host: string; specificity: number }[] = [
    ...(index.exact.get(fqdn) ?? []).map(dr => ({
      dr,
      host: fqdn,
      specificity: Infinity,
    })),
    ...index.wildcard
      .filter(w => hostCovers(w.host, fqdn))
      .map(w => ({ dr: w.dr, host: w.host, specificity: w.host.length })),
  ];
  const bestPerNamespace = new Map<
    string,
    { dr: KubeObject; host: string; specificity: number }
  >();
  for (const c of candidates) {
    const ns = namespaceOf(c.dr) ?? '';
    const exportTo = strings(c.dr, 'spec', 'exportTo');
    if (
      exportTo.length &&
      !exportTo.includes('*') &&
      !exportTo.includes(svcNs) &&
      ns !== svcNs
    ) {
      const onlyOwn = exportTo.every(e => e === '.' || e === ns);
      if (!onlyOwn) continue;
    }
    const best = bestPerNamespace.get(ns);
    if (
      !best ||
      c.specificity > best.specificity ||
      (c.specificity === best.specificity &&
        compareOldestFirst(c.dr, best.dr) < 0)
    ) {
      bestPerNamespace.set(ns, c);
    }
  }
  const svcNsHasRule = bestPerNamespace.has(svcNs);
  return [...bestPerNamespace.entries()].map(([ns, c]) => ({
    dr: c.dr,
    host: c.host,
    scope: clientScope(ns, ctx.config.rootNamespace, svcNs, svcNsHasRule),
  }));
}

/** TLS settings of a DestinationRule: the rule-wide mode and port-level overrides (by service port). */
export function destinationRuleTls(
  ctx: AnalysisContext,
  dr: KubeObject,
  host: string,
  scope: string,
): DestinationRuleTls[] {
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  const out: DestinationRuleTls[] = [
    {
      ref,
      host,
      mode: drTlsMode(at(dr, 'spec', 'trafficPolicy', 'tls', 'mode')),
      scope,
    },
  ];
  for (const pls of arr(dr, 'spec', 'trafficPolicy', 'portLevelSettings')) {
    const port = asNumber(at(pls, 'port', 'number'));
    const tls = rec(pls, 'tls');
    if (port === undefined || !tls) continue;
    out.push({
      ref,
      host,
      mode: drTlsMode(tls.mode),
      servicePort: port,
      scope,
    });
  }
  return out;
}

/** The DR mode clients use toward a service port: port-level setting over rule-wide. */
export function drModeForServicePort(
  settings: DestinationRuleTls[],
  servicePort: number,
): DestinationRuleTls | undefined {
  return (
    settings.find(s => s.servicePort === servicePort) ??
    settings.find(s => s.servicePort === undefined)
  );
}

// ---------------------------------------------------------------- workload

export interface PodMtlsDetail {
  pod: KubeObject;
  merged: MergedPeerAuthentication;
  ports: Map<number, { mode: PeerMode; chain: ChainLink[] }>;
}

function combine(modes: MtlsMode[]): MtlsMode {
  const distinct = uniq(modes);
  if (distinct.length === 0) return 'unknown';
  if (distinct.includes('unknown')) return 'unknown';
  return distinct.length === 1 ? distinct[0] : 'mixed';
}

/**
 * Effective mTLS of a workload per target port, with the chain of objects that
 * produced it, and the DestinationRule TLS its clients use.
 */
export function workloadMtls(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
  podModes: readonly PodDataPlaneMode[],
  servicesByPod: (pod: KubeObject) => readonly KubeObject[],
): { status: MtlsStatus; details: PodMtlsDetail[] } {
  const proxied = podModes.some(m => m !== 'none');
  const unknown: UnknownInfo | undefined =
    ctx.unknownFor(Kinds.Pod) ??
    (proxied ? ctx.unknownFor(Kinds.PeerAuthentication) : undefined);
  const services = uniq(pods.flatMap(p => servicesByPod(p)));
  const drUnknown = ctx.unknownFor(Kinds.DestinationRule);
  const destinationRules: DestinationRuleTls[] = [];
  if (!drUnknown) {
    for (const svc of services) {
      const service = nameOf(svc) ?? '';
      for (const { dr, host, scope } of destinationRulesForService(ctx, svc)) {
        destinationRules.push(
          ...destinationRuleTls(ctx, dr, host, scope).map(d => ({
            ...d,
            service,
          })),
        );
      }
    }
  }
  const details: PodMtlsDetail[] = [];
  if (unknown || pods.length === 0) {
    const info = unknown ?? {
      reason: 'missingData' as const,
      message: 'The workload has no pods to inspect.',
    };
    return {
      status: {
        mode: 'unknown',
        unknown: info,
        workloadMode: 'unknown',
        chain: [],
        ports: [],
        destinationRules,
        ...(drUnknown ? { destinationRulesUnknown: drUnknown } : {}),
      },
      details,
    };
  }
  const portResults = new Map<
    number,
    { modes: MtlsMode[]; chain: ChainLink[]; meta: TargetPortInfo }
  >();
  const workloadModes: MtlsMode[] = [];
  const shapes = new Map<
    string,
    {
      merged: MergedPeerAuthentication;
      ports: Map<number, TargetPortInfo>;
      effective: Map<number, { mode: PeerMode; chain: ChainLink[] }>;
    }
  >();
  pods.forEach((pod, i) => {
    const podMode = podModes[i];
    const shapeKey = podShapeKey(pod, podMode);
    let shape = shapes.get(shapeKey);
    if (!shape) {
      const m = mergePeerAuthentication(
        ctx,
        namespaceOf(pod) ?? '',
        labelsOf(pod),
      );
      shape = {
        merged: m,
        ports: podTargetPorts(pod, servicesByPod(pod), m.perPort.keys()),
        effective: new Map(),
      };
      shapes.set(shapeKey, shape);
    }
    const { merged } = shape;
    workloadModes.push(podMode === 'none' ? 'DISABLE' : merged.mode);
    const targetPorts = shape.ports;
    const detail: PodMtlsDetail = { pod, merged, ports: new Map() };
    for (const [port, meta] of targetPorts) {
      let eff = shape.effective.get(port);
      if (!eff) {
        eff = effectivePortMode(pod, podMode, merged, port);
        shape.effective.set(port, eff);
      }
      detail.ports.set(port, eff);
      const existing = portResults.get(port);
      if (existing) {
        existing.modes.push(eff.mode);
        for (const sp of meta.servicePorts) {
          if (
            !existing.meta.servicePorts.some(
              x => x.service === sp.service && x.port === sp.port,
            )
          ) {
            existing.meta.servicePorts.push(sp);
          }
        }
      } else {
        portResults.set(port, { modes: [eff.mode], chain: eff.chain, meta });
      }
    }
    details.push(detail);
  });
  const ports: PortMtls[] = [...portResults.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, r]) => ({
      port,
      ...(r.meta.name ? { name: r.meta.name } : {}),
      servicePorts: r.meta.servicePorts,
      mode: combine(r.modes),
      chain: r.chain,
      destinationRules: destinationRules.filter(d =>
        r.meta.servicePorts.some(
          sp =>
            sp.service === d.service &&
            (d.servicePort === undefined || sp.port === d.servicePort),
        ),
      ),
    }));
  const workloadMode = combine(workloadModes);
  const mode = ports.length ? combine(ports.map(p => p.mode)) : workloadMode;
  return {
    status: {
      mode,
      workloadMode,
      chain: details[0]?.merged.chain ?? [],
      ports,
      destinationRules,
      ...(drUnknown ? { destinationRulesUnknown: drUnknown } : {}),
    },
    details,
  };
}
