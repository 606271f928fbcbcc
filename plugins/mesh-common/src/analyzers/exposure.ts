import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import {
  CredentialStatus,
  ExposureEntry,
  ExposureStatus,
} from '../types/status';
import { UnknownInfo } from '../types/unknown';
import {
  arr,
  asNumber,
  at,
  nameOf,
  namespaceOf,
  str,
  strings,
  stringMap,
  uniq,
} from '../util/safe';
import {
  hostsIntersect,
  resolveShortName,
  serviceFqdn,
  splitGatewayHost,
} from '../util/hosts';
import { AnalysisContext, memoize } from './AnalysisContext';
import { credentialStatus } from './certificates';
import { GATEWAY_NAME_LABEL, WAYPOINT_GATEWAY_CLASS } from './istioConventions';
import { presenceOf } from '../util/presenceOf';

// ---------------------------------------------------------------- Istio Gateway / VirtualService

export interface GatewayRefName {
  namespace: string;
  name: string;
}

/**
 * Resolves a VirtualService `gateways` entry: `mesh` is the sidecars, not a
 * Gateway; `ns/name` is explicit; a bare name is in the VirtualService's
 * namespace; the legacy `name.namespace[.svc.cluster.local]` form is accepted.
 */
export function resolveGatewayRef(
  value: string,
  vsNamespace: string,
): GatewayRefName | undefined {
  if (value === 'mesh') return undefined;
  const slash = value.indexOf('/');
  if (slash >= 0)
    return { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
  if (value.includes('.')) {
    const [name, namespace] = value.split('.');
    return { namespace, name };
  }
  return { namespace: vsNamespace, name: value };
}

export function virtualServiceGateways(vs: KubeObject): string[] {
  const gws = strings(vs, 'spec', 'gateways');
  return gws.length ? gws : ['mesh'];
}

export interface VsDestination {
  vs: KubeObject;
  port?: number;
}

/** VirtualServices by the FQDN of each destination they route to. */
export function virtualServicesByDestination(
  ctx: AnalysisContext,
): Map<string, VsDestination[]> {
  return memoize(
    ctx.view,
    `vsByDestination:${ctx.config.clusterDomain}`,
    [Kinds.VirtualService],
    () => {
      const index = new Map<string, VsDestination[]>();
      for (const vs of ctx.view.list(Kinds.VirtualService)) {
        const ns = namespaceOf(vs) ?? '';
        const seen = new Set<string>();
        for (const section of ['http', 'tcp', 'tls']) {
          for (const route of arr(vs, 'spec', section)) {
            for (const r of arr(route, 'route')) {
              const host = str(r, 'destination', 'host');
              if (!host) continue;
              const fqdn = resolveShortName(host, ns, ctx.config.clusterDomain);
              const port = asNumber(at(r, 'destination', 'port', 'number'));
              const key = `${fqdn}:${port ?? ''}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const list = index.get(fqdn) ?? [];
              list.push({ vs, ...(port !== undefined ? { port } : {}) });
              index.set(fqdn, list);
            }
          }
        }
      }
      return index;
    },
  );
}

/** An Istio Gateway's `spec.selector` (a plain label map, not a LabelSelector). */
export function istioGatewaySelector(
  gateway: KubeObject,
): Record<string, string> {
  return stringMap(at(gateway, 'spec', 'selector'));
}

/**
 * The pods an Istio Gateway's selector picks. Istio matches gateway pods in
 * every namespace unless PILOT_SCOPE_GATEWAY_TO_NAMESPACE is set; an empty
 * selector picks nothing we can name.
 */
export function gatewayWorkloadPods(
  ctx: AnalysisContext,
  gateway: KubeObject,
): readonly KubeObject[] {
  const selector = istioGatewaySelector(gateway);
  if (Object.keys(selector).length === 0) return [];
  return ctx.view.selectByLabels(Kinds.Pod, undefined, {
    matchLabels: selector,
  });
}

export interface IstioServer {
  port: number;
  protocol: string;
  name?: string;
  hosts: string[];
  /** The address the listener binds to; servers of different binds are different listeners. */
  bind?: string;
  tlsMode: string;
  credentialName?: string;
  credentialNames: string[];
  /**
   * `<serverCertificate>|<privateKey>` for a server whose certificate is
   * mounted as files rather than named as a credential.
   */
  certificateFiles?: string;
  index: number;
}

export function istioGatewayServers(gateway: KubeObject): IstioServer[] {
  return arr(gateway, 'spec', 'servers').flatMap((s, index) => {
    const port = asNumber(at(s, 'port', 'number'));
    if (port === undefined) return [];
    const credentialName = str(s, 'tls', 'credentialName');
    const credentialNames = uniq([
      ...(credentialName ? [credentialName] : []),
      ...strings(s, 'tls', 'credentialNames'),
    ]);
    const name = str(s, 'port', 'name');
    const bind = str(s, 'bind');
    const certFile = str(s, 'tls', 'serverCertificate');
    const keyFile = str(s, 'tls', 'privateKey');
    const certificateFiles =
      !credentialNames.length && certFile && keyFile
        ? `${certFile}|${keyFile}`
        : undefined;
    return [
      {
        port,
        protocol: (str(s, 'port', 'protocol') ?? 'HTTP').toUpperCase(),
        ...(name ? { name } : {}),
        hosts: strings(s, 'hosts'),
        ...(bind ? { bind } : {}),
        tlsMode: str(s, 'tls', 'mode') ?? (at(s, 'tls') ? 'SIMPLE' : 'none'),
        ...(credentialName ? { credentialName } : {}),
        credentialNames,
        ...(certificateFiles ? { certificateFiles } : {}),
        index,
      },
    ];
  });
}

/** Whether a Gateway server host admits a VirtualService host from a namespace. */
export function serverHostAdmits(
  serverHost: string,
  gatewayNamespace: string,
  vsHost: string,
  vsNamespace: string,
): boolean {
  const { namespace, host } = splitGatewayHost(serverHost, gatewayNamespace);
  if (namespace !== '*' && namespace !== vsNamespace) return false;
  return hostsIntersect(host, vsHost);
}

// ---------------------------------------------------------------- Gateway API

interface RouteBackend {
  route: KubeObject;
  routeKind: typeof Kinds.HTTPRoute | typeof Kinds.GRPCRoute;
  port?: number;
}

/** HTTPRoutes and GRPCRoutes by `namespace/name` of each Service backend. */
function routesByBackend(ctx: AnalysisContext): Map<string, RouteBackend[]> {
  return memoize(
    ctx.view,
    'routesByBackend',
    [Kinds.HTTPRoute, Kinds.GRPCRoute],
    () => {
      const index = new Map<string, RouteBackend[]>();
      for (const routeKind of [Kinds.HTTPRoute, Kinds.GRPCRoute]) {
        for (const route of ctx.view.list(routeKind)) {
          const ns = namespaceOf(route) ?? '';
          const seen = new Set<string>();
          for (const rule of arr(route, 'spec', 'rules')) {
            for (const b of arr(rule, 'backendRefs')) {
              const kind = str(b, 'kind') ?? 'Service';
              const group = str(b, 'group') ?? '';
              const name = str(b, 'name');
              if (!name || kind !== 'Service' || group !== '') continue;
              const key = `${str(b, 'namespace') ?? ns}/${name}`;
              const port = asNumber(at(b, 'port'));
              if (seen.has(`${key}:${port}`)) continue;
              seen.add(`${key}:${port}`);
              const list = index.get(key) ?? [];
              list.push({
                route,
                routeKind,
                ...(port !== undefined ? { port } : {}),
              });
              index.set(key, list);
            }
          }
        }
      }
      return index;
    },
  );
}

function gatewayApiListeners(gateway: KubeObject) {
  return arr(gateway, 'spec', 'listeners').flatMap(l => {
    const port = asNumber(at(l, 'port'));
    const name = str(l, 'name');
    if (port === undefined || !name) return [];
    const tls = at(l, 'tls');
    const certificateRefs = arr(tls, 'certificateRefs').flatMap(c => {
      const refName = str(c, 'name');
      const kind = str(c, 'kind') ?? 'Secret';
      if (!refName || kind !== 'Secret') return [];
      const ns = str(c, 'namespace');
      return [{ name: refName, ...(ns ? { namespace: ns } : {}) }];
    });
    const hostname = str(l, 'hostname');
    return [
      {
        name,
        port,
        protocol: str(l, 'protocol') ?? 'HTTP',
        ...(hostname ? { hostname } : {}),
        tlsMode: tls ? str(tls, 'mode') ?? 'Terminate' : 'none',
        certificateRefs,
      },
    ];
  });
}

// ---------------------------------------------------------------- per workload

/**
 * How a workload is reachable from outside the mesh: every Istio Gateway
 * server and Gateway API listener that a VirtualService / HTTPRoute routes to
 * one of its Services, with hosts, TLS mode and the credential behind it.
 */
export function workloadExposure(
  ctx: AnalysisContext,
  services: readonly KubeObject[],
): ExposureStatus {
  const entries: ExposureEntry[] = [];
  const problems: UnknownInfo[] = [];
  // A source with any of its CRDs not installed cannot expose anything (no
  // routes, or nothing for them to attach to): known empty, not unknown.
  for (const kinds of [
    [Kinds.VirtualService, Kinds.IstioGateway],
    [Kinds.HTTPRoute, Kinds.K8sGateway],
  ]) {
    if (kinds.some(k => ctx.view.kindState(k).status === 'notInstalled'))
      continue;
    const unknown = ctx.unknownFor(...kinds);
    if (unknown) problems.push(unknown);
  }
  const vsIndex = virtualServicesByDestination(ctx);
  const routeIndex = routesByBackend(ctx);
  for (const svc of services) {
    const svcNs = namespaceOf(svc) ?? '';
    const svcName = nameOf(svc) ?? '';
    const serviceRef = ctx.ref(svc, Kinds.Service);
    const fqdn = serviceFqdn(svcName, svcNs, ctx.config.clusterDomain);
    for (const { vs, port } of vsIndex.get(fqdn) ?? []) {
      entries.push(...istioEntries(ctx, vs, serviceRef, port));
    }
    for (const { route, routeKind, port } of routeIndex.get(
      `${svcNs}/${svcName}`,
    ) ?? []) {
      entries.push(
        ...gatewayApiEntries(ctx, route, routeKind, serviceRef, port),
      );
    }
  }
  const unknown = problems.length
    ? {
        ...problems[0],
        message: problems.map(p => p.message).join('; '),
        kinds: problems.flatMap(p => p.kinds ?? []),
      }
    : undefined;
  return {
    exposed: presenceOf(entries.length > 0, unknown === undefined),
    ...(unknown ? { unknown } : {}),
    entries,
  };
}

function istioEntries(
  ctx: AnalysisContext,
  vs: KubeObject,
  service: ObjectRef,
  servicePort: number | undefined,
): ExposureEntry[] {
  const vsNs = namespaceOf(vs) ?? '';
  const vsHosts = strings(vs, 'spec', 'hosts');
  const out: ExposureEntry[] = [];
  for (const gwName of virtualServiceGateways(vs)) {
    const ref = resolveGatewayRef(gwName, vsNs);
    if (!ref) continue;
    const gateway = ctx.view.get(Kinds.IstioGateway, ref.namespace, ref.name);
    if (!gateway) continue;
    const pods = gatewayWorkloadPods(ctx, gateway);
    const podNamespaces = uniq(pods.map(p => namespaceOf(p) ?? ''));
    for (const server of istioGatewayServers(gateway)) {
      const hosts = vsHosts.filter(h =>
        server.hosts.some(sh => serverHostAdmits(sh, ref.namespace, h, vsNs)),
      );
      if (hosts.length === 0) continue;
      const credentials: CredentialStatus[] = [];
      for (const credentialName of server.credentialNames) {
        if (podNamespaces.length === 0) {
          credentials.push({
            name: credentialName,
            namespace: '',
            state: 'unknown',
            unknown: ctx.unknownFor(Kinds.Pod) ?? {
              reason: 'missingData',
              message: `Gateway ${ref.namespace}/${ref.name} selects no gateway pods, so the namespace its credential is read from is unknown.`,
            },
            secret: 'unknown',
          });
        }
        for (const ns of podNamespaces)
          credentials.push(credentialStatus(ctx, credentialName, ns));
      }
      out.push({
        via: 'istio',
        gateway: ctx.ref(gateway, Kinds.IstioGateway),
        route: ctx.ref(vs, Kinds.VirtualService),
        gatewayWorkloadNamespaces: podNamespaces,
        hosts,
        port: server.port,
        protocol: server.protocol,
        tlsMode: server.tlsMode,
        credentials,
        service,
        ...(servicePort !== undefined ? { servicePort } : {}),
      });
    }
  }
  return out;
}

/**
 * The hosts a route serves through one listener: with both set, their
 * intersection; with one set, that one; with neither, any host.
 */
function attachedHosts(
  listenerHostname: string | undefined,
  routeHostnames: string[],
): string[] {
  if (listenerHostname) {
    return routeHostnames.length
      ? routeHostnames.filter(h => hostsIntersect(h, listenerHostname))
      : [listenerHostname];
  }
  return routeHostnames.length ? routeHostnames : ['*'];
}

function gatewayApiEntries(
  ctx: AnalysisContext,
  route: KubeObject,
  routeKind: typeof Kinds.HTTPRoute | typeof Kinds.GRPCRoute,
  service: ObjectRef,
  servicePort: number | undefined,
): ExposureEntry[] {
  const routeNs = namespaceOf(route) ?? '';
  const hostnames = strings(route, 'spec', 'hostnames');
  const out: ExposureEntry[] = [];
  for (const parent of arr(route, 'spec', 'parentRefs')) {
    const kind = str(parent, 'kind') ?? 'Gateway';
    const group = str(parent, 'group') ?? 'gateway.networking.k8s.io';
    const name = str(parent, 'name');
    if (!name || kind !== 'Gateway' || group !== 'gateway.networking.k8s.io')
      continue;
    const gwNs = str(parent, 'namespace') ?? routeNs;
    const gateway = ctx.view.get(Kinds.K8sGateway, gwNs, name);
    if (
      !gateway ||
      str(gateway, 'spec', 'gatewayClassName') === WAYPOINT_GATEWAY_CLASS
    )
      continue;
    const sectionName = str(parent, 'sectionName');
    const parentPort = asNumber(at(parent, 'port'));
    for (const l of gatewayApiListeners(gateway)) {
      if (sectionName && l.name !== sectionName) continue;
      if (parentPort !== undefined && l.port !== parentPort) continue;
      const hosts = attachedHosts(l.hostname, hostnames);
      if (hosts.length === 0) continue;
      out.push({
        via: 'gatewayApi',
        gateway: ctx.ref(gateway, Kinds.K8sGateway),
        route: ctx.ref(route, routeKind),
        gatewayWorkloadNamespaces: [gwNs],
        hosts,
        port: l.port,
        protocol: l.protocol,
        tlsMode: l.tlsMode,
        credentials: l.certificateRefs.map(c =>
          credentialStatus(ctx, c.name, c.namespace ?? gwNs),
        ),
        service,
        ...(servicePort !== undefined ? { servicePort } : {}),
      });
    }
  }
  return out;
}

/** Pods serving a Gateway API Gateway (Istio's automated deployment labels them with the Gateway name). */
export function gatewayApiPods(
  ctx: AnalysisContext,
  gateway: KubeObject,
): readonly KubeObject[] {
  const name = nameOf(gateway);
  if (!name) return [];
  return ctx.view.selectByLabels(Kinds.Pod, namespaceOf(gateway), {
    matchLabels: { [GATEWAY_NAME_LABEL]: name },
  });
}
