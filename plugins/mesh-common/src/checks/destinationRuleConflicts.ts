import { Kinds } from '../kinds';
import { Finding, Severity, severityRank } from '../types/findings';
import { KubeObject, ObjectRef } from '../types/kube';
import { ChainLink, DestinationRuleTls } from '../types/status';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { isIstioComponent } from '../analyzers/controlPlane';
import {
  drModeForServicePort,
  PeerMode,
  scopeNamespace,
} from '../analyzers/mtls';
import {
  hasSidecar,
  inboundBypassAnnotation,
  isTerminated,
} from '../analyzers/pods';
import {
  AutoMtlsOff,
  sidecarRevisionsWithoutAutoMtls,
} from '../analyzers/meshConfig';
import {
  knownPortClients,
  podsSendingThroughSidecar,
} from '../analyzers/portClients';
import { serviceFqdn } from '../util/hosts';
import { at, nameOf, namespaceOf, uniq } from '../util/safe';
import { restartWouldNotInject } from '../analyzers/restartAdvice';
import { describe, listNames } from './findingText';

/**
 * Why a DestinationRule's TLS fails toward a server port:
 * - `peerAuthentication`: the server's proxy enforces a mode the client TLS
 *   does not speak (istioctl IST0113, Kiali KIA0207/KIA0208);
 * - `noProxy`: ISTIO_MUTUAL toward pods without a proxy (istioctl IST0115);
 * - `bypassed`: ISTIO_MUTUAL toward a port the server's sidecar does not
 *   intercept (traffic.sidecar.istio.io annotations).
 */
type ConflictKind = 'peerAuthentication' | 'noProxy' | 'bypassed';

interface Conflict {
  kind: ConflictKind;
  dr: DestinationRuleTls;
  severity: Severity;
  /** `details:9080 -> 9080 (client DISABLE, server STRICT by ...)` */
  ports: string[];
  /** `host:port` of the service ports involved, for the remediation. */
  targets: string[];
  /** Known clients that break, when the software says who they are. */
  clients: string[];
  /** The annotation behind a bypassed port. */
  annotations: string[];
  /** Pods without a proxy, for the message. */
  proxyless: number;
}

/** IST0113's rule for a server whose proxy enforces `server` on the port. */
function peerConflict(
  client: DestinationRuleTls['mode'],
  server: PeerMode,
): boolean {
  if (server === 'STRICT') {
    return client === 'DISABLE' || client === 'SIMPLE' || client === 'MUTUAL';
  }
  return server === 'DISABLE' && client === 'ISTIO_MUTUAL';
}

/** The policy that set the port's mode, for the message: the last link that set one. */
function modeSource(chain: readonly ChainLink[]): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    if (link.ref && !link.effect.includes('UNSET')) {
      return ` by ${describe(link.ref)}`;
    }
  }
  return ' (Istio default)';
}

/** The policy that set a port's mode: the last link that set one. */
function modeRef(chain: readonly ChainLink[]): ObjectRef | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    if (link.ref && !link.effect.includes('UNSET')) return link.ref;
  }
  return undefined;
}

const refId = (r: ObjectRef) => `${r.kind}:${r.namespace ?? ''}/${r.name}`;
const uniqRefs = (refs: readonly ObjectRef[]) => [
  ...new Map(refs.map(r => [refId(r), r])).values(),
];

/**
 * MW201 for a STRICT workload whose clients send plaintext because no
 * DestinationRule sets TLS toward it and auto mTLS is off (the case
 * istioctl's retired IST0113 reported with DestinationRule "(none)").
 */
function autoMtlsOffFinding(
  ctx: AnalysisContext,
  workload: ObjectRef,
  plaintext: {
    ports: string[];
    targets: string[];
    policies: ObjectRef[];
    rules: ObjectRef[];
  },
  autoMtlsOff: readonly AutoMtlsOff[],
): Finding {
  const policies = uniqRefs(plaintext.policies);
  const rules = uniqRefs(plaintext.rules);
  const configs = uniqRefs(autoMtlsOff.map(o => o.ref));
  const revisions = autoMtlsOff.map(o => o.revision).join(', ');
  return ctx.finding({
    code: 'MW201',
    objects: [...policies, workload, ...rules, ...configs],
    message: `${
      rules.length
        ? `${rules.map(describe).join(', ')} set${
            rules.length === 1 ? 's' : ''
          } no TLS mode`
        : 'No DestinationRule sets TLS'
    } for mesh clients of ${describe(workload)} on ${listNames(
      uniq(plaintext.ports),
    )}, and auto mTLS is off (enableAutoMtls: false in ${configs
      .map(describe)
      .join(
        ', ',
      )}, revision ${revisions}): those sidecars send plaintext, which the STRICT server rejects. Those connections fail.`,
    remediation: `Turn auto mTLS back on (enableAutoMtls: true in the mesh config), or give ${listNames(
      uniq(plaintext.targets),
    )} a DestinationRule with trafficPolicy.tls.mode: ISTIO_MUTUAL, or make the workload PERMISSIVE.`,
    severity: 'error',
    detailKey: 'autoMtlsOff',
  });
}

/** Namespaces with a running pod whose proxy applies DestinationRules to its outbound traffic. */
function sidecarClientNamespaces(ctx: AnalysisContext): ReadonlySet<string> {
  return memoize(ctx.view, 'sidecarClientNamespaces', [Kinds.Pod], () => {
    const out = new Set<string>();
    for (const pod of ctx.view.list(Kinds.Pod)) {
      if (!isTerminated(pod) && hasSidecar(pod))
        out.add(namespaceOf(pod) ?? '');
    }
    return out;
  });
}

/** A headless Service's clients connect to pod IPs (the target port); others to the Service port. */
function clientPort(
  ctx: AnalysisContext,
  namespace: string,
  service: string,
  servicePort: number,
  targetPort: number,
): number {
  const svc = ctx.view.get(Kinds.Service, namespace, service);
  return at(svc, 'spec', 'clusterIP') === 'None' ? targetPort : servicePort;
}

/**
 * Who breaks when a client-side ISTIO_MUTUAL reaches a port that cannot take
 * Istio mTLS: `undefined` when no client can go through a sidecar (the port is
 * only called from outside the mesh, or its known clients bypass their
 * sidecar for it), else the known clients or `'unknown'`.
 */
function brokenClients(
  ctx: AnalysisContext,
  pod: KubeObject,
  targetPort: number,
  sidecarPort: number,
  scope: string,
): string | 'unknown' | undefined {
  const inScope = scopeNamespace(scope);
  const known = knownPortClients(ctx, pod, targetPort);
  if (known.kind === 'outsideMesh') return undefined;
  if (known.kind === 'pods') {
    const via = podsSendingThroughSidecar(known.pods, sidecarPort).filter(
      p => inScope === undefined || namespaceOf(p) === inScope,
    );
    if (!via.length) return undefined;
    return `${known.who}: ${via.length} of ${
      known.pods.length
    } send to port ${sidecarPort} through their sidecar (${listNames(
      via.map(p => nameOf(p) ?? ''),
    )})`;
  }
  if (inScope !== undefined && !sidecarClientNamespaces(ctx).has(inScope)) {
    return undefined;
  }
  return 'unknown';
}

function clientsPhrase(scope: string): string {
  const ns = scopeNamespace(scope);
  return ns ? `mesh clients in ${ns}` : 'mesh clients';
}

function message(c: Conflict, workload: ObjectRef): string {
  const dr = describe(c.dr.ref);
  const ports = listNames(uniq(c.ports));
  const clients = c.clients.length
    ? ` Affected: ${uniq(c.clients).join('; ')}.`
    : '';
  switch (c.kind) {
    case 'peerAuthentication':
      return `${dr} conflicts with the mTLS mode ${describe(
        workload,
      )} enforces on ${ports}: those connections fail.`;
    case 'noProxy':
      return `${dr} makes ${clientsPhrase(
        c.dr.scope,
      )} send Istio mTLS (ISTIO_MUTUAL) to ${ports}, but ${
        c.proxyless
      } pod(s) of ${describe(
        workload,
      )} run without an Istio proxy and cannot take it: those connections fail. Without the explicit tls setting, auto mTLS would have sent plaintext to them.${clients}`;
    case 'bypassed':
      return `${dr} makes ${clientsPhrase(
        c.dr.scope,
      )} send Istio mTLS (ISTIO_MUTUAL) to ${ports}, which ${describe(
        workload,
      )} keeps out of its sidecar (${uniq(c.annotations).join(
        ', ',
      )}): the application gets the Istio handshake and the connection fails. ${
        c.clients.length
          ? `Affected: ${uniq(c.clients).join('; ')}.`
          : 'Only clients whose connections to that port go through their sidecar are affected; clients outside the mesh, or excluding the port outbound, are not.'
      } Auto mTLS would send mTLS there too: it does not know about port exclusions.`;
    default:
      return dr;
  }
}

function remediation(
  ctx: AnalysisContext,
  c: Conflict,
  workload: ObjectRef,
): string {
  const targets = listNames(uniq(c.targets));
  // A restart cannot inject while the namespace names a revision no istiod serves.
  const blocked =
    c.kind === 'noProxy' && workload.namespace
      ? restartWouldNotInject(ctx, workload.namespace)
      : undefined;
  const meshWide =
    c.dr.ref.namespace === ctx.config.rootNamespace &&
    c.dr.host.startsWith('*');
  switch (c.kind) {
    case 'peerAuthentication':
      return `Remove the DestinationRule's tls setting so auto mTLS follows each server, or align it: ISTIO_MUTUAL toward servers with a proxy in STRICT or PERMISSIVE mode, DISABLE only toward servers that take plaintext; or change the workload's PeerAuthentication (PERMISSIVE accepts both).`;
    case 'noProxy':
      return `${
        meshWide
          ? `Give ${targets} its own DestinationRule with trafficPolicy.tls.mode: DISABLE (in ${ctx.config.rootNamespace}, it replaces the mesh-wide rule for every client; in ${workload.namespace}, for clients outside ${ctx.config.rootNamespace})`
          : `Set trafficPolicy.tls.mode: DISABLE in ${describe(
              c.dr.ref,
            )} for ${targets}, or drop its tls setting and let auto mTLS decide`
      }; or bring ${describe(workload)} into the mesh${
        blocked ? '' : ' (inject the sidecar and restart it)'
      }, so its proxy accepts mTLS.${blocked ? ` ${blocked}.` : ''}`;
    case 'bypassed':
      return c.clients.length
        ? `Exclude the port from those clients' outbound capture as well (traffic.sidecar.istio.io/excludeOutboundPorts; for the Elasticsearch transport port seed 001 excludes 9300 in and out, see MW503), or give ${targets} a DestinationRule with a portLevelSettings entry for that port and tls.mode: DISABLE.`
        : `If mesh clients call ${targets}, give it a DestinationRule with a portLevelSettings entry for that port and tls.mode: DISABLE (Istio's advice for auto mTLS with excludeInboundPorts), or have those clients exclude the port outbound; if only callers outside the mesh use it, nothing breaks.`;
    default:
      return '';
  }
}

/**
 * MW201: DestinationRule TLS a server port cannot take, per DestinationRule
 * and workload; and, per workload, plaintext from clients toward a STRICT
 * sidecar where no DestinationRule sets TLS and the mesh config turns auto
 * mTLS off. A server no PeerAuthentication applies to is PERMISSIVE (Istio's
 * default) and takes either. Istio's own components and system namespaces are left out,
 * as istioctl's IST0113 did: proxies reach istiod through their bootstrap
 * configuration, not through DestinationRules.
 */
export function destinationRuleConflicts(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const workload = a.status.workload;
  if (ctx.config.systemNamespaces.has(a.status.namespace)) return [];
  const pods = a.group.pods;
  if (!pods.length || pods.every(isIstioComponent)) return [];
  const conflicts = new Map<string, Conflict>();
  const record = (
    kind: ConflictKind,
    dr: DestinationRuleTls,
    severity: Severity,
    fill: (c: Conflict) => void,
  ) => {
    const key = `${dr.ref.namespace}/${dr.ref.name}|${kind}`;
    let c = conflicts.get(key);
    if (!c) {
      c = {
        kind,
        dr,
        severity,
        ports: [],
        targets: [],
        clients: [],
        annotations: [],
        proxyless: 0,
      };
      conflicts.set(key, c);
    }
    if (severityRank(severity) > severityRank(c.severity)) {
      c.severity = severity;
    }
    fill(c);
  };

  // MW201 without a DestinationRule: auto mTLS off (mesh config) makes the
  // clients of those revisions send plaintext where no rule sets TLS; a
  // STRICT sidecar rejects it. With no PeerAuthentication at all the server
  // is PERMISSIVE (Istio's default) and takes it.
  const autoMtlsOff = sidecarRevisionsWithoutAutoMtls(ctx);
  const plaintext = {
    ports: [] as string[],
    targets: [] as string[],
    policies: [] as ObjectRef[],
    rules: [] as ObjectRef[],
  };
  for (const port of a.status.mtls.ports) {
    // The pods serving this port, by what they do with Istio mTLS on it.
    const proxyless: KubeObject[] = [];
    const bypassed: { pod: KubeObject; annotation: string }[] = [];
    const enforced = new Map<PeerMode, ChainLink[]>();
    // What a sidecar in STRICT mode on this port was told by, if one is.
    let sidecarStrict: ChainLink[] | undefined;
    a.mtlsDetails.forEach((detail, i) => {
      const eff = detail.ports.get(port.port);
      if (!eff || isTerminated(detail.pod)) return;
      const mode = a.podModes[i];
      if (mode === 'none') {
        proxyless.push(detail.pod);
        return;
      }
      const annotation =
        mode === 'sidecar'
          ? inboundBypassAnnotation(detail.pod, port.port)
          : undefined;
      if (annotation) bypassed.push({ pod: detail.pod, annotation });
      else if (!enforced.has(eff.mode)) enforced.set(eff.mode, eff.chain);
      if (!annotation && mode === 'sidecar' && eff.mode === 'STRICT')
        sidecarStrict ??= eff.chain;
    });

    for (const sp of port.servicePorts) {
      const settings = port.destinationRules.filter(
        d =>
          d.service === sp.service &&
          (d.servicePort === undefined || d.servicePort === sp.port),
      );
      const byRule = new Map<string, DestinationRuleTls[]>();
      for (const s of settings) {
        const key = `${s.ref.namespace}/${s.ref.name}`;
        byRule.set(key, [...(byRule.get(key) ?? []), s]);
      }
      const fqdn = serviceFqdn(
        sp.service,
        a.status.namespace,
        ctx.config.clusterDomain,
      );
      const where = `${sp.service}:${sp.port} -> ${port.port}`;
      // Clients without a rule of their own namespace follow the Service's
      // (or the mesh default's); without a TLS mode there, auto mTLS decides,
      // and where the mesh config turns it off, they send plaintext.
      const defaultTls = drModeForServicePort(
        settings.filter(d => scopeNamespace(d.scope) === undefined),
        sp.port,
      );
      if (
        sidecarStrict &&
        (!defaultTls || defaultTls.mode === 'unset') &&
        autoMtlsOff.length
      ) {
        const chain = sidecarStrict;
        plaintext.ports.push(
          `${where} (client plaintext, server STRICT${modeSource(chain)})`,
        );
        plaintext.targets.push(`${fqdn}:${sp.port}`);
        const policy = modeRef(chain);
        if (policy) plaintext.policies.push(policy);
        if (defaultTls) plaintext.rules.push(defaultTls.ref);
      }
      for (const ruleSettings of byRule.values()) {
        const eff = drModeForServicePort(ruleSettings, sp.port);
        if (!eff) continue;
        for (const [server, chain] of enforced) {
          if (!peerConflict(eff.mode, server)) continue;
          record('peerAuthentication', eff, 'error', c => {
            c.ports.push(
              `${where} (client ${eff.mode}, server ${server}${modeSource(
                chain,
              )})`,
            );
            c.targets.push(`${fqdn}:${sp.port}`);
          });
        }
        if (eff.mode !== 'ISTIO_MUTUAL') continue;
        const sidecarPort = clientPort(
          ctx,
          a.status.namespace,
          sp.service,
          sp.port,
          port.port,
        );
        if (proxyless.length) {
          const broken = brokenClients(
            ctx,
            proxyless[0],
            port.port,
            sidecarPort,
            eff.scope,
          );
          // IST0115 is an error: mesh clients of a proxy-less server fail.
          if (broken) {
            record('noProxy', eff, 'error', c => {
              c.ports.push(`${where} (client ISTIO_MUTUAL, no proxy)`);
              c.targets.push(`${fqdn}:${sp.port}`);
              c.proxyless = Math.max(c.proxyless, proxyless.length);
              if (broken !== 'unknown') c.clients.push(broken);
            });
          }
        }
        if (bypassed.length) {
          const broken = brokenClients(
            ctx,
            bypassed[0].pod,
            port.port,
            sidecarPort,
            eff.scope,
          );
          // A port kept out of the sidecar is usually meant for callers
          // outside the mesh: certain breakage only with known mesh clients.
          if (broken) {
            record(
              'bypassed',
              eff,
              broken === 'unknown' ? 'warning' : 'error',
              c => {
                c.ports.push(
                  `${where} (client ISTIO_MUTUAL, port bypasses the sidecar)`,
                );
                c.targets.push(`${fqdn}:${sp.port}`);
                c.annotations.push(...bypassed.map(b => b.annotation));
                if (broken !== 'unknown') c.clients.push(broken);
              },
            );
          }
        }
      }
    }
  }

  const seen = new Set<string>();
  const ruleFindings = [...conflicts.values()].map(c => {
    const ruleKey = `${c.dr.ref.namespace}/${c.dr.ref.name}`;
    // The first finding per rule and workload keeps the plain id.
    const detailKey = seen.has(ruleKey) ? c.kind : undefined;
    seen.add(ruleKey);
    return ctx.finding({
      code: 'MW201',
      objects: [c.dr.ref, workload],
      message: message(c, workload),
      remediation: remediation(ctx, c, workload),
      severity: c.severity,
      ...(detailKey ? { detailKey } : {}),
    });
  });
  return plaintext.ports.length
    ? [
        autoMtlsOffFinding(ctx, workload, plaintext, autoMtlsOff),
        ...ruleFindings,
      ]
    : ruleFindings;
}
