import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, asNumber, at, str } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import {
  gatewayWorkloadPods,
  istioGatewayServers,
} from '../analyzers/exposure';
import { describe } from './findingText';

/**
 * The TCP ports Services selecting any of the pods offer: each Service
 * `port`, and its numeric `targetPort` (a Gateway server on the port the
 * pods listen on is reachable through it, as istioctl counts it).
 */
function servicePortsOf(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
): Set<number> {
  const ports = new Set<number>();
  const seen = new Set<KubeObject>();
  for (const pod of pods) {
    for (const service of ctx.view.servicesSelecting(pod)) {
      if (seen.has(service)) continue;
      seen.add(service);
      for (const port of arr(service, 'spec', 'ports')) {
        // The API server defaults a Service port's protocol to TCP.
        const protocol = str(port, 'protocol') ?? 'TCP';
        const number = asNumber(at(port, 'port'));
        if (protocol !== 'TCP') continue;
        if (number !== undefined) ports.add(number);
        const target = asNumber(at(port, 'targetPort'));
        if (target !== undefined) ports.add(target);
      }
    }
  }
  return ports;
}

/**
 * MW310 / IST0162 (GatewayPortNotDefinedOnService; IST0104 before Istio
 * retired it): a Gateway server port that no Service in front of the
 * gateway's pods offers, as port or as targetPort. Traffic to that port never
 * reaches the gateway. Like istioctl, any selecting Service offering the
 * port is enough; a Gateway whose selector matches no pod is MW307 instead.
 */
export function gatewayPortFindings(
  ctx: AnalysisContext,
  gateway: KubeObject,
): Finding[] {
  // Without every pod and Service, a missing port may only be unseen.
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.Service)) return [];
  const pods = gatewayWorkloadPods(ctx, gateway);
  if (pods.length === 0) return [];
  const offered = servicePortsOf(ctx, pods);
  const ref = ctx.ref(gateway, Kinds.IstioGateway);
  const missing = [
    ...new Set(istioGatewayServers(gateway).map(s => s.port)),
  ].filter(port => !offered.has(port));
  return missing.map(port =>
    ctx.finding({
      code: 'MW310',
      objects: [ref],
      message: `${describe(
        ref,
      )} listens on port ${port}, but no Service in front of its gateway pods offers TCP port ${port}${
        offered.size
          ? ` (they offer ${[...offered].sort((a, b) => a - b).join(', ')})`
          : ''
      }: clients cannot reach that server.`,
      remediation: `Add port ${port} to the gateway's Service (spec.ports, with targetPort the gateway pods listen on), or change the Gateway server to a port the Service offers.`,
      detailKey: String(port),
    }),
  );
}
