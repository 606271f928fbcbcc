import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, asNumber, at, labelsOf, str } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe } from './findingText';

/** The protocols Istio selects by a port name's prefix (case-insensitive). */
const PROTOCOL_PREFIXES = new Set([
  'tcp',
  'udp',
  'grpc',
  'grpc-web',
  'http',
  'http_proxy',
  'http2',
  'https',
  'tls',
  'mongo',
  'redis',
  'mysql',
]);

/** Kubernetes' standard appProtocol names Istio understands. */
const KUBERNETES_APP_PROTOCOLS = new Set([
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
]);

/** Ports Istio treats as TCP without a protocol in the name (no sniffing). */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/** Services Istio's own gateway controllers create (label gateway.istio.io/managed). */
const MANAGED_GATEWAY_CONTROLLERS = new Set([
  'istio.io-gateway-controller',
  'istio.io-mesh-controller',
  'istio.io-eastwest-controller',
]);

/**
 * Whether Istio can tell a Service port's protocol from its declaration, as
 * it converts one: UDP as such, else appProtocol or the port name up to the
 * first `-` (`grpc-web` whole), else TCP on a few well-known ports.
 */
function protocolDeclared(port: unknown): boolean {
  if (str(port, 'protocol') === 'UDP') return true;
  const appProtocol = str(port, 'appProtocol');
  if (appProtocol !== undefined && KUBERNETES_APP_PROTOCOLS.has(appProtocol))
    return true;
  const name = (appProtocol ?? str(port, 'name') ?? '').toLowerCase();
  if (name.startsWith('grpc-web')) return true;
  const prefix = name.split('-')[0];
  if (PROTOCOL_PREFIXES.has(prefix)) return true;
  return WELL_KNOWN_PORTS.has(asNumber(at(port, 'port')) ?? -1);
}

/**
 * MW818 / IST0118 (PortNameIsNotUnderNamingConvention), KIA0601: a Service
 * port whose name (or appProtocol) does not say its protocol, so Istio
 * sniffs it. MW819 / IST0150: an ExternalName Service port named `tcp` or
 * without a protocol, whose TCP traffic the proxies may not forward. As
 * istioctl: every Service but the control plane's (labels `istio`,
 * `release=istio`) and those Istio's gateway controllers create.
 */
export function servicePortFindings(
  ctx: AnalysisContext,
  service: KubeObject,
): Finding[] {
  const labels = labelsOf(service);
  if ('istio' in labels || labels.release === 'istio') return [];
  if (MANAGED_GATEWAY_CONTROLLERS.has(labels['gateway.istio.io/managed'] ?? ''))
    return [];
  const externalName = str(service, 'spec', 'type') === 'ExternalName';
  const ref = ctx.ref(service, Kinds.Service);
  const out: Finding[] = [];
  for (const port of arr(service, 'spec', 'ports')) {
    const name = str(port, 'name') ?? '';
    const number = asNumber(at(port, 'port'));
    if (protocolDeclared(port) && !(externalName && name === 'tcp')) continue;
    out.push(
      externalName
        ? ctx.finding({
            code: 'MW819',
            objects: [ref],
            message: `${describe(ref)} is an ExternalName Service whose port ${
              number ?? '?'
            } is named ${
              name ? `'${name}'` : 'nothing'
            }: the proxies may not forward its TCP traffic or unmatched traffic correctly.`,
            remediation: `Name the port for the protocol it carries other than plain tcp (http-…, https-…, tls-…), or reach the external host through a ServiceEntry.`,
            detailKey: String(number),
          })
        : ctx.finding({
            code: 'MW818',
            objects: [ref],
            message: `${describe(ref)} port ${number ?? '?'} (${
              name ? `name '${name}'` : 'no name'
            }) does not declare its protocol: Istio sniffs it, and treats it as plain TCP when sniffing fails.`,
            remediation: `Name the port <protocol>[-suffix] (http, http2, grpc, https, tls, tcp, …) or set appProtocol.`,
            detailKey: String(number),
          }),
    );
  }
  return out;
}
