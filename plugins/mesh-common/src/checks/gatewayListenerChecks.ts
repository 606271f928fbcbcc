import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, asNumber, at, namespaceOf, nameOf, str } from '../util/safe';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

/*
 * Gateway API Gateway listener and address checks of Kiali's Gateway API
 * Gateway checker (business/checkers/k8sgateways/multi_match_checker.go).
 * Listeners without a hostname (waypoints' HBONE listener, catch-all
 * listeners) are not compared, as Kiali does not.
 */

interface Listener {
  name: string;
  hostname: string;
  port: number | undefined;
  protocol: string;
}

/** A Gateway's listeners that name a hostname. */
function hostnameListeners(gateway: KubeObject): Listener[] {
  return arr(gateway, 'spec', 'listeners').flatMap(l => {
    const hostname = str(l, 'hostname');
    return hostname
      ? [
          {
            name: str(l, 'name') ?? '',
            hostname,
            port: asNumber(at(l, 'port')),
            protocol: str(l, 'protocol') ?? '',
          },
        ]
      : [];
  });
}

const sameListener = (a: Listener, b: Listener) =>
  a.hostname === b.hostname && a.port === b.port && a.protocol === b.protocol;

const listenerText = (l: Listener) => `${l.hostname}:${l.port} ${l.protocol}`;

/** `hostname:port protocol` → the Gateways with such a listener, built once per view version. */
function listenerIndex(ctx: AnalysisContext): Map<string, KubeObject[]> {
  return memoize(ctx.view, 'gatewayListenerIndex', [Kinds.K8sGateway], () => {
    const index = new Map<string, KubeObject[]>();
    for (const g of ctx.view.list(Kinds.K8sGateway))
      for (const l of hostnameListeners(g)) {
        const key = listenerText(l);
        index.set(key, [...(index.get(key) ?? []), g]);
      }
    return index;
  });
}

/**
 * MW315 (KIA1501): another Gateway API Gateway has a listener with the
 * same hostname, port and protocol; which Gateway gets the traffic depends
 * on how the implementation merges them.
 * MW316 (KIA1502): another Gateway asks for the same address (type and
 * value).
 * MW317 (KIA1503): two listeners of this Gateway, under different names,
 * with the same hostname, port and protocol: the Gateway API marks them
 * Conflicted.
 */
export function gatewayListenerFindings(
  ctx: AnalysisContext,
  gateway: KubeObject,
): Finding[] {
  const ref = ctx.ref(gateway, Kinds.K8sGateway);
  const out: Finding[] = [];
  const listeners = hostnameListeners(gateway);
  const others = ctx.view.list(Kinds.K8sGateway).filter(g => g !== gateway);

  const index = listenerIndex(ctx);
  const clashes = listeners.flatMap(l =>
    [...new Set(index.get(listenerText(l)) ?? [])]
      .filter(g => g !== gateway)
      .map(g => ({ listener: l, gateway: g })),
  );
  if (clashes.length) {
    const gateways = [...new Set(clashes.map(c => c.gateway))];
    const gatewayRefs = gateways.map(g => ctx.ref(g, Kinds.K8sGateway));
    out.push(
      ctx.finding({
        code: 'MW315',
        objects: [ref, ...gatewayRefs],
        message: `${describe(ref)} and ${listNames(
          gatewayRefs.map(describe),
        )} have listeners for the same hostname, port and protocol (${listNames(
          [...new Set(clashes.map(c => listenerText(c.listener)))],
        )}): which Gateway receives that traffic is up to the implementation.`,
        remediation: `Serve each hostname and port from one Gateway: attach the routes of the others to it, or change their hostnames.`,
      }),
    );
  }

  const addresses = arr(gateway, 'spec', 'addresses').flatMap(a => {
    const type = str(a, 'type');
    const value = str(a, 'value');
    return type && value ? [{ type, value }] : [];
  });
  const sharing = (addresses.length ? others : []).filter(g =>
    arr(g, 'spec', 'addresses').some(a =>
      addresses.some(
        mine => str(a, 'type') === mine.type && str(a, 'value') === mine.value,
      ),
    ),
  );
  if (sharing.length) {
    const sharingRefs = sharing.map(g => ctx.ref(g, Kinds.K8sGateway));
    out.push(
      ctx.finding({
        code: 'MW316',
        objects: [ref, ...sharingRefs],
        message: `${describe(ref)} and ${listNames(
          sharingRefs.map(describe),
        )} ask for the same address (${listNames(
          addresses.map(a => a.value),
        )}): at most one of them can get it.`,
        remediation: `Give each Gateway its own spec.addresses, or remove the address and let the implementation assign one.`,
      }),
    );
  }

  const duplicates = listeners.filter(l =>
    listeners.some(o => o.name !== l.name && sameListener(l, o)),
  );
  if (duplicates.length)
    out.push(
      ctx.finding({
        code: 'MW317',
        objects: [ref],
        message: `${describe(ref)} has listeners ${listNames(
          duplicates.map(l => l.name),
        )} for the same hostname, port and protocol (${listNames([
          ...new Set(duplicates.map(listenerText)),
        ])}): the Gateway API calls them conflicted, and implementations reject those listeners or the whole Gateway.`,
        remediation: `Keep one listener per hostname, port and protocol in Gateway ${namespaceOf(
          gateway,
        )}/${nameOf(gateway)}.`,
      }),
    );
  return out;
}
