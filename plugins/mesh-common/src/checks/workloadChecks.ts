import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject, ObjectRef } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { policyUsesL7 } from '../analyzers/authorization';
import {
  ambientCaptured,
  namespaceMeshIntent,
  podRevision,
  sidecarExpected,
} from '../analyzers/dataPlane';
import { resolveRevision } from '../analyzers/controlPlane';
import { gatewayApiPods, gatewayWorkloadPods } from '../analyzers/exposure';
import { PROBE_REWRITE_PORT } from '../analyzers/istioConventions';
import { drModeForServicePort, effectivePortMode } from '../analyzers/mtls';
import { ingressVerdict } from '../analyzers/networkPolicy';
import { hasSidecar, httpProbesOf, isTerminated } from '../analyzers/pods';
import { nameOf, namespaceOf, uniq } from '../util/safe';

const MAX_LISTED = 5;

function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED
    ? `${shown} and ${names.length - MAX_LISTED} more`
    : shown;
}

function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Findings about one workload: membership, mTLS, authorization and network policy. */
export function workloadFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;
  const pods = a.group.pods;
  const ns = ctx.view.namespace(a.status.namespace);
  const podsSynced = ctx.isSynced(Kinds.Pod);
  if (!podsSynced) return out;

  // MW102 / IST0103: injection is on for these pods but they run without a proxy.
  if (ctx.isSynced(Kinds.Namespace)) {
    const missing = pods.filter(
      p => sidecarExpected(p, ns) && !hasSidecar(p) && !isTerminated(p),
    );
    if (missing.length) {
      out.push(
        ctx.finding({
          code: 'MW102',
          objects: [workload, ...missing.map(p => ctx.ref(p, Kinds.Pod))],
          message: `${describe(workload)}: ${missing.length} of ${
            pods.length
          } pods run without the Istio proxy although injection is enabled (${listNames(
            missing.map(p => nameOf(p) ?? ''),
          )}).`,
          remediation: `Restart the workload (kubectl rollout restart ${workload.kind.toLowerCase()}/${
            workload.name
          } -n ${
            workload.namespace
          }) so the injector adds the sidecar; if the pods must stay out of the mesh, label them sidecar.istio.io/inject=false.`,
        }),
      );
    }
  }

  // MW105 / IST0158: proxies older or newer than their control plane, or injected by a revision the namespace no longer uses.
  const intent = namespaceMeshIntent(ns);
  const stale: { pod: KubeObject; why: string }[] = [];
  a.status.dataPlane.pods.forEach((pd, i) => {
    if (pd.mode !== 'sidecar') return;
    const pod = pods[i];
    const revision = pd.revision ?? podRevision(pod);
    const cp = resolveRevision(ctx, revision);
    if (intent.revision && intent.revision !== revision) {
      const target = resolveRevision(ctx, intent.revision);
      stale.push({
        pod,
        why: `injected by revision ${revision}${
          pd.proxyVersion ? ` (proxy ${pd.proxyVersion})` : ''
        } while the namespace now selects ${intent.revision}${
          target.version ? ` (${target.version})` : ''
        }`,
      });
    } else if (
      cp.found === true &&
      cp.version &&
      pd.proxyVersion &&
      cp.version !== pd.proxyVersion
    ) {
      stale.push({
        pod,
        why: `proxy ${pd.proxyVersion} but control plane ${revision} runs ${cp.version}`,
      });
    }
  });
  if (stale.length) {
    out.push(
      ctx.finding({
        code: 'MW105',
        objects: [workload, ...stale.map(s => ctx.ref(s.pod, Kinds.Pod))],
        message: `${describe(workload)}: ${stale.length} of ${
          pods.length
        } pods need a restart: ${stale[0].why}${
          stale.length > 1 ? ` (and ${stale.length - 1} more)` : ''
        }.`,
        remediation: `kubectl rollout restart ${workload.kind.toLowerCase()}/${
          workload.name
        } -n ${
          workload.namespace
        } to re-inject the proxy from the namespace's current revision (seed 003, data plane upgrade).`,
      }),
    );
  }

  // MW106: sidecar pods in an ambient namespace.
  if (intent.ambient) {
    const sidecars = pods.filter(hasSidecar);
    if (sidecars.length) {
      out.push(
        ctx.finding({
          code: 'MW106',
          objects: [
            workload,
            ctx.refByName(Kinds.Namespace, undefined, a.status.namespace),
          ],
          message: `${describe(workload)} runs ${
            sidecars.length
          } sidecar pod(s) in namespace ${
            a.status.namespace
          }, which is enrolled in ambient mode; ambient does not capture them and both data planes must be operated.`,
          remediation: `Choose one data plane: remove the sidecar (label the pods sidecar.istio.io/inject=false and restart) to use ambient, or take the namespace out of ambient (remove istio.io/dataplane-mode).`,
        }),
      );
    }
  }

  // MW107 / KIA0109: L7 rules on ambient pods without a waypoint are enforced by ztunnel by dropping traffic.
  const ambientNoWaypoint = a.podModes
    .map((m, i) => (m === 'ambient' ? i : -1))
    .filter(i => i >= 0);
  if (ambientNoWaypoint.length) {
    const l7 = new Map<string, KubeObject>();
    for (const i of ambientNoWaypoint) {
      for (const { policy, scope } of a.podAuthorizations[i].policies) {
        if (scope !== 'targetRef' && policyUsesL7(policy)) {
          l7.set(`${namespaceOf(policy)}/${nameOf(policy)}`, policy);
        }
      }
    }
    for (const policy of l7.values()) {
      const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
      out.push(
        ctx.finding({
          code: 'MW107',
          objects: [ref, workload],
          message: `${describe(
            ref,
          )} uses L7 attributes but applies to ambient ${describe(
            workload,
          )}, which has no waypoint: ztunnel cannot evaluate them and drops the traffic.`,
          remediation: `Deploy a waypoint (istioctl waypoint apply -n ${a.status.namespace} --enroll-namespace) and attach the policy with targetRefs to the waypoint or Service, or restrict the policy to L4 attributes (principals, namespaces, ipBlocks, ports).`,
        }),
      );
    }
  }

  // MW201: DestinationRule TLS vs the server's effective mode, per port.
  const conflicts = new Map<string, { dr: ObjectRef; ports: string[] }>();
  for (const port of a.status.mtls.ports) {
    for (const sp of port.servicePorts) {
      const settings = port.destinationRules.filter(
        d =>
          d.service === sp.service &&
          (d.servicePort === undefined || d.servicePort === sp.port),
      );
      const byRule = new Map<string, typeof settings>();
      for (const s of settings) {
        const key = `${s.ref.namespace}/${s.ref.name}`;
        byRule.set(key, [...(byRule.get(key) ?? []), s]);
      }
      for (const [key, ruleSettings] of byRule) {
        const eff = drModeForServicePort(ruleSettings, sp.port);
        if (!eff) continue;
        const server = port.mode;
        const conflict =
          (eff.mode === 'DISABLE' && server === 'STRICT') ||
          (eff.mode === 'ISTIO_MUTUAL' && server === 'DISABLE') ||
          ((eff.mode === 'SIMPLE' || eff.mode === 'MUTUAL') &&
            server === 'STRICT');
        if (!conflict) continue;
        const c = conflicts.get(key) ?? { dr: eff.ref, ports: [] };
        c.ports.push(
          `${sp.service}:${sp.port} -> ${port.port} (client ${eff.mode}, server ${server})`,
        );
        conflicts.set(key, c);
      }
    }
  }
  for (const { dr, ports } of conflicts.values()) {
    out.push(
      ctx.finding({
        code: 'MW201',
        objects: [dr, workload],
        message: `${describe(dr)} conflicts with the mTLS mode of ${describe(
          workload,
        )} on ${listNames(uniq(ports))}: those connections fail.`,
        remediation: `Remove the DestinationRule's tls setting (auto mTLS picks the right mode) or set it to ISTIO_MUTUAL for STRICT/PERMISSIVE servers and DISABLE only for servers without a proxy; or change the workload's PeerAuthentication.`,
      }),
    );
  }

  // MW202: HTTP/gRPC probes kubelet sends in plaintext to a STRICT port, not rewritten to pilot-agent.
  const badProbes: string[] = [];
  for (const detail of a.mtlsDetails) {
    const pod = detail.pod;
    if (!hasSidecar(pod)) continue;
    for (const probe of httpProbesOf(pod)) {
      if (probe.port === undefined || probe.port === PROBE_REWRITE_PORT)
        continue;
      const eff =
        detail.ports.get(probe.port) ??
        effectivePortMode(pod, 'sidecar', detail.merged, probe.port);
      if (eff.mode === 'STRICT') {
        badProbes.push(
          `${nameOf(pod)}/${probe.container} ${probe.probe} (${probe.type} :${
            probe.port
          })`,
        );
      }
    }
  }
  if (badProbes.length) {
    out.push(
      ctx.finding({
        code: 'MW202',
        objects: [workload],
        message: `${describe(
          workload,
        )} has HTTP/gRPC probes on STRICT mTLS ports that are not rewritten: ${listNames(
          uniq(badProbes),
        )}. Kubelet probes come from outside the mesh and fail.`,
        remediation: `Enable probe rewriting (annotation sidecar.istio.io/rewriteAppHTTPProbers: "true" on the pod template, the Istio default) and restart, or move health checks to a port with mTLS disabled, or use exec probes (seed 002).`,
      }),
    );
  }

  // MW203: explicit plaintext exceptions inside a STRICT mesh.
  const meshStrict = a.mtlsDetails.some(d => d.merged.meshMode === 'STRICT');
  if (meshStrict && ctx.isSynced(Kinds.PeerAuthentication)) {
    const exceptions: string[] = [];
    const sources = new Map<string, ObjectRef>();
    a.mtlsDetails.forEach((d, i) => {
      if (a.podModes[i] === 'none') return;
      for (const [port, eff] of d.ports) {
        if (eff.mode === 'STRICT') continue;
        exceptions.push(`${port} ${eff.mode}`);
        for (const link of eff.chain) {
          if (link.ref && link.level !== 'mesh') {
            sources.set(
              `${link.ref.kind}/${link.ref.namespace}/${link.ref.name}`,
              link.ref,
            );
          }
        }
      }
    });
    if (exceptions.length) {
      const refs = [...sources.values()];
      out.push(
        ctx.finding({
          code: 'MW203',
          objects: [...refs, workload],
          message: `${describe(
            workload,
          )} accepts plaintext in a STRICT mesh on port(s) ${listNames(
            uniq(exceptions),
          )}${
            refs.length ? ` because of ${refs.map(describe).join(', ')}` : ''
          }.`,
          remediation: `Keep the exception only if it is intended (e.g. ECK transport port 9300, health ports); otherwise remove the PERMISSIVE/DISABLE setting or the port exclusion.`,
        }),
      );
    }
  }

  const inMesh = a.podModes.some(m => m !== 'none');
  // MW401 / KIA1301: mesh workload no AuthorizationPolicy covers.
  if (
    inMesh &&
    !a.status.authorization.unknown &&
    a.status.authorization.policies.length === 0
  ) {
    out.push(
      ctx.finding({
        code: 'MW401',
        objects: [workload],
        message: `${describe(
          workload,
        )} is in the mesh but no AuthorizationPolicy applies to it: every authenticated peer may call it.`,
        remediation: `Add an AuthorizationPolicy in ${a.status.namespace} with a selector for the workload that ALLOWs only its expected callers.`,
      }),
    );
  }

  // MW406 / KIA0105: identity-based rules while plaintext is still accepted.
  if (inMesh && !a.status.authorization.unknown) {
    // Ports that bypass the proxy (DISABLE by exclusion) are not governed by
    // the policy at all, so only proxied plaintext acceptance counts here.
    const notStrict =
      a.status.mtls.workloadMode !== 'STRICT' ||
      a.status.mtls.ports.some(
        p => p.mode === 'PERMISSIVE' || p.mode === 'mixed',
      );
    if (
      notStrict &&
      a.status.mtls.mode !== 'unknown' &&
      a.status.mtls.workloadMode !== 'unknown'
    ) {
      for (const p of a.status.authorization.policies) {
        const s = p.sources;
        if (
          !s.principals.length &&
          !s.namespaces.length &&
          !s.notPrincipals.length &&
          !s.notNamespaces.length
        ) {
          continue;
        }
        out.push(
          ctx.finding({
            code: 'MW406',
            // An ALLOW rule fails closed for plaintext callers; a DENY rule is bypassed by them.
            severity: p.action === 'ALLOW' ? 'info' : 'warning',
            objects: [p.ref, workload],
            message: `${describe(
              p.ref,
            )} matches on principals/namespaces, but ${describe(workload)} is ${
              a.status.mtls.mode
            } rather than STRICT: plaintext requests carry no identity${
              p.action === 'DENY'
                ? ' and bypass this DENY rule'
                : ' and are refused'
            }.`,
            remediation: `Make the workload STRICT (PeerAuthentication mode STRICT for its namespace or selector) or match on other attributes.`,
          }),
        );
      }
    }
  }

  // MW701: the ingress gateway's pods cannot reach an exposed workload.
  if (a.status.exposure.entries.length && ctx.isSynced(Kinds.NetworkPolicy)) {
    const targetPorts = uniq(
      a.status.mtls.ports.filter(p => p.servicePorts.length).map(p => p.port),
    );
    const blocked = new Map<
      string,
      { gateway: ObjectRef; policies: ObjectRef[] }
    >();
    for (const entry of a.status.exposure.entries) {
      const gw =
        entry.via === 'istio'
          ? ctx.view.get(
              Kinds.IstioGateway,
              entry.gateway.namespace,
              entry.gateway.name,
            )
          : ctx.view.get(
              Kinds.K8sGateway,
              entry.gateway.namespace,
              entry.gateway.name,
            );
      if (!gw) continue;
      const gwPods =
        entry.via === 'istio'
          ? gatewayWorkloadPods(ctx, gw)
          : gatewayApiPods(ctx, gw);
      const source = gwPods[0];
      const destination = pods.find(p => !isTerminated(p));
      if (!source || !destination || targetPorts.length === 0) continue;
      const { verdict, policies } = ingressVerdict(
        ctx,
        destination,
        source,
        targetPorts,
      );
      if (verdict === 'denied') {
        blocked.set(`${entry.gateway.namespace}/${entry.gateway.name}`, {
          gateway: entry.gateway,
          policies: policies.map(p => ctx.ref(p, Kinds.NetworkPolicy)),
        });
      }
    }
    for (const { gateway, policies } of blocked.values()) {
      out.push(
        ctx.finding({
          code: 'MW701',
          objects: [...policies, workload, gateway],
          message: `${describe(workload)} is exposed through ${describe(
            gateway,
          )}, but its NetworkPolicies (${policies
            .map(describe)
            .join(', ')}) admit no traffic from the gateway's pods.`,
          remediation: `Add a NetworkPolicy in ${a.status.namespace} allowing ingress from the gateway namespace (namespaceSelector on a label of that namespace, e.g. istio-control-namespace: "true" as in seed 003).`,
        }),
      );
    }
  }

  return out;
}

/** True when a pod of the workload is captured by ambient (used by ECK checks). */
export function workloadIsAmbient(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
): boolean {
  return pods.some(p =>
    ambientCaptured(p, ctx.view.namespace(namespaceOf(p) ?? '')),
  );
}
