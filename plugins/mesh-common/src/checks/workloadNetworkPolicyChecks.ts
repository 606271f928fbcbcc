import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { ObjectRef } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { gatewayApiPods, gatewayWorkloadPods } from '../analyzers/exposure';
import { ingressVerdict } from '../analyzers/networkPolicy';
import { isTerminated } from '../analyzers/pods';
import { namespaceOf, uniq } from '../util/safe';
import { describe } from './findingText';

/** NetworkPolicies that keep the ingress gateway from an exposed workload (MW701). */
export function workloadNetworkPolicyFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;
  const pods = a.group.pods;

  // MW701: the ingress gateway's pods cannot reach an exposed workload. The
  // finding is about what the route sends traffic to, so it names the
  // exposed Service first, then the NetworkPolicies that (together) isolate
  // its pods, the Gateway, and the workload whose pods they select.
  if (a.status.exposure.entries.length && ctx.isSynced(Kinds.NetworkPolicy)) {
    const destination = pods.find(p => !isTerminated(p));
    const blocked = new Map<
      string,
      {
        service: ObjectRef;
        gateway: ObjectRef;
        ports: number[];
        sourceNamespace: string;
        policies: ObjectRef[];
      }
    >();
    for (const entry of a.status.exposure.entries) {
      const key = `${entry.service.namespace}/${entry.service.name}|${entry.gateway.namespace}/${entry.gateway.name}`;
      if (blocked.has(key) || !destination) continue;
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
      const ports = exposedTargetPorts(
        a,
        entry.service.name,
        entry.servicePort,
      );
      if (!source || ports.length === 0) continue;
      const { verdict, policies } = ingressVerdict(
        ctx,
        destination,
        source,
        ports,
      );
      if (verdict === 'denied') {
        blocked.set(key, {
          service: entry.service,
          gateway: entry.gateway,
          ports,
          sourceNamespace: namespaceOf(source) ?? '',
          policies: policies.map(p => ctx.ref(p, Kinds.NetworkPolicy)),
        });
      }
    }
    for (const b of blocked.values()) {
      out.push(
        ctx.finding({
          code: 'MW701',
          objects: [b.service, ...b.policies, b.gateway, workload],
          message: `${describe(b.service)} is exposed through ${describe(
            b.gateway,
          )}, but the NetworkPolicies selecting ${describe(
            workload,
          )} (${b.policies
            .map(describe)
            .join(
              ', ',
            )}) admit no traffic from the gateway's pods in namespace ${
            b.sourceNamespace
          } to port ${b.ports.join(', ')}.`,
          remediation: `Add a NetworkPolicy in ${a.status.namespace} allowing ingress from the gateway namespace ${b.sourceNamespace} (namespaceSelector on a label of that namespace, e.g. istio-control-namespace: "true" as in seed 003).`,
        }),
      );
    }
  }
  return out;
}

/**
 * The workload ports a route's Service port leads to: the one it names, or
 * every port of that Service when the route names none (a single-port
 * Service). These are the ports NetworkPolicies are evaluated on.
 */
function exposedTargetPorts(
  a: WorkloadAnalysis,
  service: string,
  servicePort: number | undefined,
): number[] {
  return uniq(
    a.status.mtls.ports
      .filter(p =>
        p.servicePorts.some(
          sp =>
            sp.service === service &&
            (servicePort === undefined || sp.port === servicePort),
        ),
      )
      .map(p => p.port),
  );
}
