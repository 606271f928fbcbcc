import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { ObjectRef } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { PROBE_REWRITE_PORT } from '../analyzers/istioConventions';
import { effectivePortMode } from '../analyzers/mtls';
import { hasSidecar, httpProbesOf } from '../analyzers/pods';
import { nameOf, uniq } from '../util/safe';
import { destinationRuleConflicts } from './destinationRuleConflicts';
import { describe, listNames } from './findingText';

/** A workload's mTLS: client TLS it cannot take (MW201), HTTP probes under STRICT (MW202), plaintext exceptions in a STRICT mesh (MW203). */
export function workloadMtlsFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;

  // MW201 / IST0113, IST0115, KIA0207, KIA0208: client TLS a server cannot take.
  out.push(...destinationRuleConflicts(ctx, a));

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
  return out;
}
