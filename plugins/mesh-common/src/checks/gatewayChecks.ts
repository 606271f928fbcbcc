import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KindRef, KubeObject, ObjectRef } from '../types/kube';
import { CredentialStatus } from '../types/status';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import {
  certificatesBySecret,
  certificateStatus,
  credentialStatus,
} from '../analyzers/certificates';
import {
  gatewayWorkloadPods,
  istioGatewaySelector,
  istioGatewayServers,
  resolveGatewayRef,
  serverHostAdmits,
  virtualServiceGateways,
} from '../analyzers/exposure';
import { hostsIntersect, splitGatewayHost } from '../util/hosts';
import {
  arr,
  asNumber,
  at,
  namespaceOf,
  str,
  strings,
  uniq,
} from '../util/safe';
import { compareStrings } from '../util/compareStrings';
import { describe } from './findingText';

const refKey = (r: ObjectRef) => `${r.namespace ?? ''}/${r.name}`;
/** Same objects in the same order from either side, so both sides yield one finding id. */
const sortRefs = (refs: ObjectRef[]) =>
  [...refs].sort((a, b) => compareStrings(refKey(a), refKey(b)));

function selectorKey(selector: Record<string, string>): string {
  return Object.entries(selector)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

interface ServerClaim {
  gateway: KubeObject;
  host: string;
}

/** The Gateways of one selector and what they claim. */
interface SelectorGroup {
  key: string;
  selector: Record<string, string>;
  /** `port|bind|host` -> claims, the host as written (wildcards included). */
  claims: Map<string, ServerClaim[]>;
  /** credentialName -> Gateways using it. */
  credentials: Map<string, KubeObject[]>;
}

/**
 * The key of a file-mounted certificate among credential names; a
 * Kubernetes Secret name cannot contain `:`, so the two never collide.
 */
const FILES_PREFIX = 'files:';
const filesCredentialKey = (files: string) => `${FILES_PREFIX}${files}`;

/** Servers with equal keys claim the same virtual host of one listener. */
const claimKey = (port: number, bind: string | undefined, host: string) =>
  `${port}|${bind ?? ''}|${host}`;

const push = <V>(m: Map<string, V[]>, k: string, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/**
 * Who claims which host and port, and which credential, by Gateway selector,
 * so conflict checks (IST0145, IST0138) look up candidates instead of
 * comparing every pair of Gateways.
 */
function gatewayClaims(ctx: AnalysisContext): Map<string, SelectorGroup> {
  return memoize(ctx.view, 'gatewayClaims', [Kinds.IstioGateway], () => {
    const groups = new Map<string, SelectorGroup>();
    for (const gw of ctx.view.list(Kinds.IstioGateway)) {
      const selector = istioGatewaySelector(gw);
      const key = selectorKey(selector);
      let group = groups.get(key);
      if (!group) {
        group = {
          key,
          selector,
          claims: new Map(),
          credentials: new Map(),
        };
        groups.set(key, group);
      }
      const ns = namespaceOf(gw) ?? '';
      const creds = new Set<string>();
      for (const server of istioGatewayServers(gw)) {
        for (const raw of server.hosts) {
          const host = splitGatewayHost(raw, ns).host.toLowerCase();
          push(group.claims, claimKey(server.port, server.bind, host), {
            gateway: gw,
            host,
          });
        }
        for (const c of server.credentialNames) creds.add(c);
        if (server.certificateFiles)
          creds.add(filesCredentialKey(server.certificateFiles));
      }
      for (const c of creds) push(group.credentials, c, gw);
    }
    return groups;
  });
}

/** Whether every label of `a` is in `b` with the same value (`{}` is in every selector). */
function isSubselector(
  a: Record<string, string>,
  b: Record<string, string>,
): boolean {
  return Object.entries(a).every(([k, v]) => b[k] === v);
}

/**
 * The selector groups whose Gateways configure the same gateway pods as
 * `group`'s, with the selector of the pods they share: the same selector,
 * or (istioctl IST0145) one selector a subset of the other while some pod
 * matches both, i.e. the larger one.
 */
function sameWorkloadGroups(
  ctx: AnalysisContext,
  group: SelectorGroup,
): { group: SelectorGroup; shared: Record<string, string> }[] {
  const all = memoize(
    ctx.view,
    'gatewaySameWorkload',
    [Kinds.IstioGateway, Kinds.Pod],
    () => new Map<string, ReturnType<typeof sameWorkloadGroups>>(),
  );
  const known = all.get(group.key);
  if (known) return known;
  const found: ReturnType<typeof sameWorkloadGroups> = [];
  for (const other of gatewayClaims(ctx).values()) {
    if (other.key === group.key) {
      found.push({ group: other, shared: group.selector });
      continue;
    }
    const larger = isSubselector(group.selector, other.selector)
      ? other.selector
      : isSubselector(other.selector, group.selector) && group.selector;
    if (
      larger &&
      ctx.view.selectByLabels(Kinds.Pod, undefined, { matchLabels: larger })
        .length > 0
    ) {
      found.push({ group: other, shared: larger });
    }
  }
  all.set(group.key, found);
  return found;
}

/**
 * The Gateways that may share `credential` with `group`'s (istioctl
 * IST0138): those whose selector contains the other's, the same one
 * included (an empty selector is in every other; no pod is needed), and
 * theirs in turn, so that each of them names the same set.
 */
function gatewaysSharingCredential(
  ctx: AnalysisContext,
  group: SelectorGroup,
  credential: string,
): KubeObject[] {
  const users = [...gatewayClaims(ctx).values()].filter(g =>
    g.credentials.has(credential),
  );
  const reached = new Set<SelectorGroup>([group]);
  const frontier = [group];
  for (let g = frontier.pop(); g; g = frontier.pop()) {
    for (const other of users) {
      if (reached.has(other)) continue;
      if (
        isSubselector(g.selector, other.selector) ||
        isSubselector(other.selector, g.selector)
      ) {
        reached.add(other);
        frontier.push(other);
      }
    }
  }
  return [...reached].flatMap(g => g.credentials.get(credential) ?? []);
}

/**
 * Gateways of one selector group that claim the same host on the same port
 * and bind address. As istioctl (pilot's CheckDuplicates) decides it, hosts
 * are compared as written: `*.example.com` and `a.example.com` are two
 * virtual hosts Envoy tells apart (the more specific wins), not a conflict.
 */
function conflictingClaims(
  group: SelectorGroup,
  port: number,
  bind: string | undefined,
  host: string,
): readonly ServerClaim[] {
  return group.claims.get(claimKey(port, bind, host.toLowerCase())) ?? [];
}

function credentialFinding(
  ctx: AnalysisContext,
  owner: ObjectRef,
  cred: CredentialStatus,
  serverDesc: string,
): Finding | undefined {
  if (cred.state !== 'missing') return undefined;
  return ctx.finding({
    code: 'MW301',
    objects: [owner, ctx.refByName(Kinds.Secret, cred.namespace, cred.name)],
    message: `${describe(owner)} ${serverDesc} uses credential "${
      cred.name
    }", but namespace ${
      cred.namespace
    } has neither a Certificate with secretName ${cred.name} nor that Secret.`,
    remediation: `Create a cert-manager Certificate with spec.secretName: ${cred.name} in namespace ${cred.namespace} (where the gateway pods run), or fix the credential name.`,
    detailKey: `${cred.namespace}/${cred.name}`,
  });
}

/** Findings about one Istio Gateway: credentials, selector, conflicts, shared certificates, MUTUAL CA chain. */
export function istioGatewayFindings(
  ctx: AnalysisContext,
  gateway: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(gateway, Kinds.IstioGateway);
  const gwNs = namespaceOf(gateway) ?? '';
  const selector = istioGatewaySelector(gateway);
  const pods = gatewayWorkloadPods(ctx, gateway);
  const podNamespaces = uniq(pods.map(p => namespaceOf(p) ?? ''));
  const servers = istioGatewayServers(gateway);

  // MW307 / KIA0302: nothing would serve this Gateway.
  if (
    ctx.isSynced(Kinds.Pod) &&
    Object.keys(selector).length &&
    pods.length === 0
  ) {
    out.push(
      ctx.finding({
        code: 'MW307',
        objects: [ref],
        message: `${describe(ref)} selects gateway pods with ${selectorKey(
          selector,
        )}, but no pod in the cluster has those labels.`,
        remediation: `Fix spec.selector to the labels of the gateway deployment (e.g. istio: ingressgateway) or deploy the gateway.`,
      }),
    );
  }

  for (const server of servers) {
    for (const name of server.credentialNames) {
      for (const ns of podNamespaces) {
        const f = credentialFinding(
          ctx,
          ref,
          credentialStatus(ctx, name, ns),
          `server port ${server.port}`,
        );
        if (f) out.push(f);
      }
    }
    // MW309: MUTUAL needs the full CA chain to verify clients; cert-manager's
    // ca.crt holds only the issuing CA (seed 003, cert-manager#2358).
    if (server.tlsMode.toUpperCase() === 'MUTUAL' && server.credentialName) {
      for (const ns of podNamespaces) {
        const cred = credentialStatus(ctx, server.credentialName, ns);
        if (!cred.certificate) continue;
        const caSecret = `${server.credentialName}-cacert`;
        if (ctx.view.get(Kinds.Secret, ns, caSecret)) continue;
        if (!ctx.isSynced(Kinds.Secret)) continue;
        const issuerType = cred.certificate.issuer?.type;
        if (issuerType === 'selfSigned') continue;
        out.push(
          ctx.finding({
            code: 'MW309',
            objects: [ref, cred.certificate.ref],
            message: `${describe(ref)} port ${
              server.port
            } is MUTUAL with ${describe(
              cred.certificate.ref,
            )}; cert-manager puts only the issuing CA in ca.crt, so clients whose chains go through another intermediate are rejected.`,
            remediation: `Provide the full client CA chain in a Secret ${caSecret} in ${ns} (Istio reads it instead of ca.crt), or issue from the root CA (seed 003).`,
            detailKey: `${server.port}/${ns}`,
          }),
        );
      }
    }
  }

  const group = gatewayClaims(ctx).get(selectorKey(selector));
  if (group) {
    // MW304 / IST0145: another Gateway on the same gateway pods claims the
    // same port and host.
    const sameWorkload = sameWorkloadGroups(ctx, group);
    for (const s of servers) {
      const shared = new Map<
        KubeObject,
        { hosts: string[]; podSelector: Record<string, string> }
      >();
      for (const { group: other, shared: podSelector } of sameWorkload) {
        for (const raw of s.hosts) {
          const host = splitGatewayHost(raw, gwNs).host;
          for (const c of conflictingClaims(other, s.port, s.bind, host)) {
            if (c.gateway === gateway) continue;
            const entry = shared.get(c.gateway) ?? { hosts: [], podSelector };
            entry.hosts = uniq([...entry.hosts, host]);
            shared.set(c.gateway, entry);
          }
        }
      }
      for (const [other, { hosts, podSelector }] of shared) {
        const pair = sortRefs([ref, ctx.ref(other, Kinds.IstioGateway)]);
        out.push(
          ctx.finding({
            code: 'MW304',
            objects: pair,
            message: `${describe(pair[0])} and ${describe(
              pair[1],
            )} both serve ${hosts.join(', ')} on port ${
              s.port
            } of the gateway pods ${
              selectorKey(podSelector) || '(every gateway)'
            }; which one handles the traffic is undefined.`,
            remediation: `Merge the servers into one Gateway or give each Gateway distinct hosts or ports.`,
            detailKey: `${s.port}`,
          }),
        );
      }
    }
    // MW308 / IST0138: the same credential on several Gateways whose
    // selectors overlap. The credential is read from the gateway pods'
    // namespace, so that is where the cert-manager Certificate writing it
    // lives (istio-system in seed 003); naming it lets the reader see which
    // certificate to split.
    // As istioctl, file-mounted certificates (the same serverCertificate and
    // privateKey paths) are shared credentials as well.
    for (const cred of uniq(
      servers.flatMap(s => [
        ...s.credentialNames,
        ...(s.certificateFiles ? [filesCredentialKey(s.certificateFiles)] : []),
      ]),
    )) {
      const sharing = gatewaysSharingCredential(ctx, group, cred).filter(
        o => o !== gateway,
      );
      if (!sharing.length) continue;
      const gateways = sortRefs([
        ref,
        ...sharing.map(o => ctx.ref(o, Kinds.IstioGateway)),
      ]);
      if (cred.startsWith(FILES_PREFIX)) {
        const [certFile, keyFile] = cred.slice(FILES_PREFIX.length).split('|');
        out.push(
          ctx.finding({
            code: 'MW308',
            objects: gateways,
            message: `The certificate files ${certFile} and ${keyFile} are used by ${gateways
              .map(describe)
              .join(
                ', ',
              )}: browsers reusing an HTTP/2 connection across their hosts get 404s.`,
            remediation: `Give each Gateway its own certificate (a credentialName per Gateway, from one cert-manager Certificate each), or merge the Gateways.`,
            detailKey: cred,
          }),
        );
        continue;
      }
      // Where any of them reads the credential, so each names the same set.
      const readFrom = uniq(
        [gateway, ...sharing].flatMap(g =>
          gatewayWorkloadPods(ctx, g).map(p => namespaceOf(p) ?? ''),
        ),
      );
      const certificates = sortRefs(
        readFrom.flatMap(ns =>
          (certificatesBySecret(ctx).get(`${ns}\u0000${cred}`) ?? []).map(c =>
            ctx.ref(c, Kinds.Certificate),
          ),
        ),
      );
      out.push(
        ctx.finding({
          code: 'MW308',
          objects: [...certificates, ...gateways],
          message: `Credential "${cred}"${
            certificates.length
              ? ` (${certificates.map(describe).join(', ')})`
              : ''
          } is used by ${gateways
            .map(describe)
            .join(
              ', ',
            )}: browsers reusing an HTTP/2 connection across their hosts get 404s.`,
          remediation: `Give each Gateway its own certificate (one cert-manager Certificate per Gateway), or merge the Gateways.`,
          detailKey: cred,
        }),
      );
    }
  }
  return out;
}

/** Gateway API Gateway: certificateRefs that resolve to nothing (MW301). */
export function gatewayApiGatewayFindings(
  ctx: AnalysisContext,
  gateway: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(gateway, Kinds.K8sGateway);
  const gwNs = namespaceOf(gateway) ?? '';
  for (const l of arr(gateway, 'spec', 'listeners')) {
    for (const c of arr(l, 'tls', 'certificateRefs')) {
      const name = str(c, 'name');
      if (!name || (str(c, 'kind') ?? 'Secret') !== 'Secret') continue;
      const f = credentialFinding(
        ctx,
        ref,
        credentialStatus(ctx, name, str(c, 'namespace') ?? gwNs),
        `listener ${str(l, 'name') ?? asNumber(at(l, 'port'))}`,
      );
      if (f) out.push(f);
    }
  }
  return out;
}

/**
 * The name part of Istio's internal Gateways, generated for each listener of
 * a Gateway API Gateway (`<gateway>~istio-autogenerated-k8s-gateway~<listener>`).
 */
const INTERNAL_GATEWAY_MARKER = '~istio-autogenerated-k8s-gateway~';

/** Whether the absence of a kind's object can be trusted (synced, or its CRD not installed). */
function absenceKnown(ctx: AnalysisContext, kind: KindRef): boolean {
  const status = ctx.view.kindState(kind).status;
  return status === 'synced' || status === 'notInstalled';
}

/** Whether a Gateway serves one of the hosts of a VirtualService in `vsNs`. */
function servesAnyHost(
  gateway: KubeObject | undefined,
  kind: KindRef,
  vsHosts: readonly string[],
  vsNs: string,
): boolean {
  if (!gateway) return false;
  if (kind === Kinds.K8sGateway) {
    // A listener without hostname accepts every host.
    return arr(gateway, 'spec', 'listeners').some(l => {
      const hostname = str(l, 'hostname');
      return !hostname || vsHosts.some(h => hostsIntersect(hostname, h));
    });
  }
  const gwNs = namespaceOf(gateway) ?? '';
  return istioGatewayServers(gateway).some(s =>
    s.hosts.some(sh => vsHosts.some(h => serverHostAdmits(sh, gwNs, h, vsNs))),
  );
}

/**
 * A VirtualService bound to Gateways, as istioctl's GatewayAnalyzer: each
 * named Gateway (Istio's, or a Gateway API Gateway of that name) must exist
 * (MW305) and serve at least one of the VirtualService's hosts (MW306, also
 * when the Gateway is missing: then it serves none). `mesh` is the sidecars,
 * and Istio's internal Gateways generated for Gateway API listeners are
 * neither missing nor checked: naming one is MW313 (IST0165), as istioctl.
 */
export function virtualServiceFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const vsNs = namespaceOf(vs) ?? '';
  const hosts = strings(vs, 'spec', 'hosts');
  // Istio's Gateways come with VirtualServices: only a synced list counts;
  // Gateway API may simply not be installed.
  const known =
    ctx.isSynced(Kinds.IstioGateway) && absenceKnown(ctx, Kinds.K8sGateway);
  for (const gwName of virtualServiceGateways(vs)) {
    const gwRef = resolveGatewayRef(gwName, vsNs);
    if (gwRef?.name.includes(INTERNAL_GATEWAY_MARKER)) {
      // MW313 / IST0165: a name Istio generates and may change.
      out.push(
        ctx.finding({
          code: 'MW313',
          objects: [ref],
          message: `${describe(
            ref,
          )} names Istio's internal Gateway ${gwName}, generated for a Gateway API listener: its name is an implementation detail that Istio may change.`,
          remediation: `Attach the route with a Gateway API HTTPRoute (parentRefs to the Gateway) instead, or name an Istio Gateway.`,
          detailKey: gwName,
        }),
      );
      continue;
    }
    if (!gwRef) continue;
    const istio = ctx.view.get(Kinds.IstioGateway, gwRef.namespace, gwRef.name);
    const k8s = istio
      ? undefined
      : ctx.view.get(Kinds.K8sGateway, gwRef.namespace, gwRef.name);
    const kind = k8s ? Kinds.K8sGateway : Kinds.IstioGateway;
    const gateway = istio ?? k8s;
    const gatewayRef = gateway
      ? ctx.ref(gateway, kind)
      : ctx.refByName(Kinds.IstioGateway, gwRef.namespace, gwRef.name);
    if (!gateway && !known) continue;
    const detailKey = `${gwRef.namespace}/${gwRef.name}`;
    if (!gateway) {
      out.push(
        ctx.finding({
          code: 'MW305',
          objects: [ref, gatewayRef],
          message: `${describe(
            ref,
          )} is bound to Gateway ${detailKey}, which does not exist.`,
          remediation: `Create the Gateway or fix spec.gateways (use <namespace>/<name> for a Gateway in another namespace).`,
          detailKey,
        }),
      );
    }
    if (!servesAnyHost(gateway, kind, hosts, vsNs)) {
      out.push(
        ctx.finding({
          code: 'MW306',
          objects: [ref, gatewayRef],
          message: `None of the hosts of ${describe(ref)} (${
            hosts.join(', ') || 'none'
          }) is served by ${
            gateway ? describe(gatewayRef) : `the missing Gateway ${detailKey}`
          }, so its routes are never used at that gateway.`,
          remediation: `Add one of the hosts to a server of the Gateway (respecting its namespace/host form) or bind the VirtualService to the Gateway that serves them.`,
          detailKey,
        }),
      );
    }
  }
  return out;
}

/** cert-manager Certificate health: readiness (MW302) and expiry / overdue renewal (MW303). */
export function certificateFindings(
  ctx: AnalysisContext,
  cert: KubeObject,
): Finding[] {
  const status = certificateStatus(ctx, cert);
  const ref = status.ref;
  const out: Finding[] = [];
  if (status.state === 'notReady') {
    const issuing = arr(cert, 'status', 'conditions').some(
      c => str(c, 'type') === 'Issuing' && str(c, 'status') === 'True',
    );
    const failed = status.failedIssuanceAttempts ?? 0;
    out.push(
      ctx.finding({
        code: 'MW302',
        severity: issuing && failed === 0 ? 'warning' : 'error',
        objects: [ref, ...(status.issuer ? [status.issuer.ref] : [])],
        message: `${describe(ref)} is not Ready${
          status.reason
            ? ` (${status.reason}${
                status.message ? `: ${status.message}` : ''
              })`
            : ''
        }${failed ? `; ${failed} failed issuance attempt(s)` : ''}${
          status.issuer && status.issuer.ready !== 'True'
            ? `; issuer ${status.issuer.ref.name} is ${status.issuer.ready}`
            : ''
        }.`,
        remediation: `kubectl describe certificate ${ref.name} -n ${ref.namespace} and its CertificateRequest; fix the issuer or the requested names (cmctl renew ${ref.name} -n ${ref.namespace} retries).`,
      }),
    );
  }
  if (status.state === 'expired' || status.state === 'expiring') {
    const overdue =
      status.renewalTime !== undefined &&
      Date.parse(status.renewalTime) <= ctx.config.nowMs;
    out.push(
      ctx.finding({
        code: 'MW303',
        severity: status.state === 'expired' ? 'error' : 'warning',
        objects: [ref],
        message:
          status.state === 'expired'
            ? `${describe(ref)} expired on ${status.notAfter}.`
            : `${describe(ref)} expires in ${status.daysToExpiry} day(s) (${
                status.notAfter
              })${
                overdue
                  ? `; renewal was due ${status.renewalTime} and has not happened`
                  : ''
              }.`,
        remediation: `Check why cert-manager did not renew it (kubectl describe certificate ${ref.name} -n ${ref.namespace}; issuer readiness), then trigger a renewal (cmctl renew).`,
      }),
    );
  }
  return out;
}
