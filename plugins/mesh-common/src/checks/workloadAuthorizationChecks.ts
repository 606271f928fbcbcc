import { Finding } from '../types/findings';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { isMeshInfrastructurePod } from '../analyzers/meshInfrastructure';
import { describe } from './findingText';

/** A workload's authorization: no policy covers it (MW401), identity rules while plaintext is accepted (MW406). */
export function workloadAuthorizationFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;

  const inMesh = a.podModes.some(m => m !== 'none');
  // MW401 / KIA1301: mesh workload no AuthorizationPolicy covers. Gateways
  // and waypoints are the mesh's own: their callers are decided elsewhere
  // (the gateway's exposure, the policies attached to the waypoint).
  if (
    inMesh &&
    !a.group.pods.some(isMeshInfrastructurePod) &&
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
  return out;
}
