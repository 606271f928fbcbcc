import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  at,
  nameOf,
  namespaceOf,
  str,
  strings,
} from '../util/safe';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { meshConfig } from '../analyzers/meshConfig';
import { DEFAULT_REVISION } from '../analyzers/istioConventions';
import { describe, listNames } from './findingText';

/**
 * Whether the mesh config has the sidecars' DNS proxy allocate addresses to
 * ServiceEntries (DNS capture on, and auto allocation on); `unknown`
 * without a readable mesh config ConfigMap.
 */
function addressesAutoAllocated(ctx: AnalysisContext): boolean | 'unknown' {
  const config = meshConfig(ctx, DEFAULT_REVISION);
  if (!config.found) return config.reason === 'unreadable' ? 'unknown' : false;
  const metadata = at(config.mesh, 'defaultConfig', 'proxyMetadata');
  if (str(metadata, 'ISTIO_META_DNS_CAPTURE') !== 'true') return false;
  return (
    str(metadata, 'ISTIO_META_DNS_AUTO_ALLOCATE') === 'true' ||
    str(metadata, 'PILOT_ENABLE_IP_AUTOALLOCATE') === 'true'
  );
}

/**
 * MW816 / IST0134 (ServiceEntryAddressesRequired): a ServiceEntry with TCP
 * ports (or ports without a protocol) but no addresses, none allocated in
 * its status and no automatic allocation in the mesh config: sidecars
 * cannot tell its TCP traffic apart by destination address.
 */
export function serviceEntryAddressFindings(
  ctx: AnalysisContext,
  se: KubeObject,
): Finding[] {
  if (at(se, 'spec', 'addresses') !== undefined) return [];
  if (strings(se, 'status', 'addresses').length) return [];
  if (arr(se, 'status', 'addresses').length) return [];
  const tcpPorts = arr(se, 'spec', 'ports').filter(p => {
    const protocol = str(p, 'protocol') ?? '';
    return protocol === '' || protocol.toUpperCase() === 'TCP';
  });
  if (!tcpPorts.length) return [];
  const allocated = addressesAutoAllocated(ctx);
  if (allocated !== false) return [];
  const ref = ctx.ref(se, Kinds.ServiceEntry);
  const ports = tcpPorts.map(p => asNumber(at(p, 'number')) ?? '?');
  return [
    ctx.finding({
      code: 'MW816',
      objects: [ref],
      message: `${describe(ref)} has TCP port(s) ${ports.join(
        ', ',
      )} but no addresses, and the mesh config does not allocate them: sidecars cannot match its TCP traffic by destination address.`,
      remediation: `Set spec.addresses (the service's IPs or CIDRs), name the ports with an HTTP or TLS protocol if that is what they carry, or turn on DNS capture with address auto allocation in the mesh config.`,
    }),
  ];
}

interface PortClaim {
  scope: string;
  host: string;
  port: number;
  protocol: string;
  se: KubeObject;
}

function portClaims(ctx: AnalysisContext): PortClaim[] {
  return memoize(
    ctx.view,
    'serviceEntryPortClaims',
    [Kinds.ServiceEntry],
    () => {
      const claims: PortClaim[] = [];
      for (const se of ctx.view.list(Kinds.ServiceEntry)) {
        const ns = namespaceOf(se) ?? '';
        const exportTo = strings(se, 'spec', 'exportTo');
        const scopes =
          exportTo.length === 0 || exportTo.includes('*')
            ? ['*']
            : [...new Set(exportTo.map(e => (e === '.' ? ns : e)))];
        for (const scope of scopes)
          for (const host of strings(se, 'spec', 'hosts'))
            for (const p of arr(se, 'spec', 'ports')) {
              const port = asNumber(at(p, 'number'));
              if (port === undefined) continue;
              claims.push({
                scope,
                host,
                port,
                protocol: (str(p, 'protocol') ?? '').toUpperCase(),
                se,
              });
            }
      }
      return claims;
    },
  );
}

/**
 * MW817 / IST0177 (ConflictingServiceEntryProtocol), KIA1212: ServiceEntries
 * that declare one host and port with different protocols in the same
 * export scope (or one exported everywhere); which protocol the proxies use
 * is undefined.
 */
export function serviceEntryProtocolFindings(
  ctx: AnalysisContext,
  se: KubeObject,
): Finding[] {
  const claims = portClaims(ctx);
  const ref = ctx.ref(se, Kinds.ServiceEntry);
  for (const mine of claims.filter(c => c.se === se)) {
    const same = claims.filter(
      c =>
        c.host === mine.host &&
        c.port === mine.port &&
        (c.scope === mine.scope || c.scope === '*' || mine.scope === '*'),
    );
    const protocols = [...new Set(same.map(c => c.protocol))].sort();
    if (protocols.length < 2) continue;
    const others = [...new Set(same.map(c => c.se))].filter(o => o !== se);
    return [
      ctx.finding({
        code: 'MW817',
        objects: [ref, ...others.map(o => ctx.ref(o, Kinds.ServiceEntry))],
        message: `${describe(ref)} declares ${mine.host}:${mine.port} as ${
          mine.protocol || 'no protocol'
        }, while ${listNames(
          others.map(o => `ServiceEntry ${namespaceOf(o)}/${nameOf(o)}`),
        )} declare it with another (${protocols
          .map(p => p || '(none)')
          .join(', ')}): which protocol the proxies use is undefined.`,
        remediation: `Declare ${mine.host}:${mine.port} with one protocol in all ServiceEntries, or merge them.`,
      }),
    ];
  }
  return [];
}
