import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { MeshScaffolderConfig } from '../config/readMeshScaffolderConfig';
import { ADMIN_ONLY_KINDS } from './adminOnlyKinds';
import type { MeshRole, RoleDecision } from './decideRole';
import { describeManifest, Manifest } from './Manifest';
import { assertPrincipal, quote } from './inputValidation';
import {
  describeNamespaceClaims,
  developerHostRefusal,
  HostClaim,
  NamespaceOwnershipIndex,
} from '@meshwise/plugin-mesh-common';

/** A host already served by a Gateway, as the mesh backend's /exposure/hosts reports it. */
export type { HostClaim };

/**
 * `known`: every claim on the hosts, from every cluster read completely;
 * `unavailable`: anything less (backend unreachable, a cluster whose Gateways
 * could not all be read), with the reason.
 */
export type HostClaimsState =
  | { status: 'known'; claims: HostClaim[] }
  | { status: 'unavailable'; reason: string };

export interface AccessContext {
  decision: RoleDecision & { role: MeshRole };
  cluster?: string;
  /** Who owns which namespace, from the catalog (mesh-common's ownership rule). */
  namespaces: NamespaceOwnershipIndex;
  config: Pick<
    MeshScaffolderConfig,
    'rootNamespace' | 'gatewayNamespace' | 'allowedDomains' | 'trustDomain'
  >;
  /** Live host claims; only consulted when the manifests expose hosts. */
  hostClaims?: HostClaimsState;
  /** For a Certificate in the shared gateway namespace: the team namespace whose Gateway uses it. */
  credentialFor?: string;
}

export interface AccessCheck {
  rule: AccessRule;
  outcome: 'passed' | 'warning';
  detail: string;
}

export type AccessRule =
  | 'role'
  | 'admin-only-kind'
  | 'root-namespace'
  | 'gateway-namespace'
  | 'team-namespace'
  | 'ambiguous-namespace-owner'
  | 'workload-selector'
  | 'named-callers'
  | 'principal-format'
  | 'wildcard-host'
  | 'allowed-domains'
  | 'host-claimed'
  | 'host-claims-unavailable'
  | 'credential-owner'
  | 'credential-prefix';

export type AccessDecision =
  | { allowed: true; checks: AccessCheck[]; warnings: string[] }
  | {
      allowed: false;
      rule: AccessRule;
      /** `input` for malformed values, `not-allowed` for role refusals. */
      kind: 'input' | 'not-allowed';
      message: string;
      checks: AccessCheck[];
    };

class Refusal extends Error {
  constructor(
    readonly rule: AccessRule,
    readonly kind: 'input' | 'not-allowed',
    message: string,
  ) {
    super(message);
  }
}

export function normalizeOwnerRef(owner: string): string | undefined {
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' }));
  } catch {
    return undefined;
  }
}

/** Hosts a manifest exposes or certifies. */
export function hostsOf(manifest: Manifest): string[] {
  switch (manifest.kind) {
    case 'Gateway':
      if (manifest.apiVersion === 'networking.istio.io/v1') {
        return (manifest.spec?.servers ?? []).flatMap(s => s.hosts);
      }
      return (manifest.spec?.listeners ?? []).flatMap(l =>
        l.hostname ? [l.hostname] : [],
      );
    case 'VirtualService':
      return manifest.spec?.hosts ?? [];
    case 'HTTPRoute':
      return manifest.spec?.hostnames ?? [];
    case 'Certificate':
      return manifest.spec?.dnsNames ?? [];
    default:
      return [];
  }
}

function principalsOf(manifest: Manifest): string[] {
  if (manifest.kind !== 'AuthorizationPolicy') return [];
  return (manifest.spec?.rules ?? []).flatMap(r =>
    (r.from ?? []).flatMap(f => [
      ...(f.source?.principals ?? []),
      ...(f.source?.notPrincipals ?? []),
    ]),
  );
}

type AuthorizationRule = NonNullable<
  NonNullable<
    Extract<Manifest, { kind: 'AuthorizationPolicy' }>['spec']
  >['rules']
>[number];

/**
 * Whether an ALLOW rule says who may call: a source that names callers
 * (namespaces, service accounts, request principals, IP blocks) or a
 * condition on the caller's identity or token. `notNamespaces` alone and
 * operation-only rules do not: they let every other caller in.
 */
function namesCallers(rule: AuthorizationRule): boolean {
  const bySource = (rule.from ?? []).some(({ source }) =>
    Boolean(
      source?.namespaces?.length ||
        source?.principals?.length ||
        source?.requestPrincipals?.length ||
        source?.ipBlocks?.length ||
        source?.remoteIpBlocks?.length,
    ),
  );
  const byCondition = (rule.when ?? []).some(
    c => c.key.startsWith('source.') || c.key.startsWith('request.auth.'),
  );
  return bySource || byCondition;
}

/** 1-based numbers of the ALLOW rules of a policy that let any caller in. */
function rulesAllowingEveryCaller(manifest: Manifest): number[] {
  if (manifest.kind !== 'AuthorizationPolicy') return [];
  if ((manifest.spec?.action ?? 'ALLOW') !== 'ALLOW') return [];
  return (manifest.spec?.rules ?? []).flatMap((rule, index) =>
    namesCallers(rule) ? [] : [index + 1],
  );
}

/**
 * The role rules of seed 003 applied to the manifests that would be written.
 * Checking the generated objects, not the form input, means that whatever
 * reaches the repository is exactly what was checked. Pure: live state (host
 * claims, namespace owners) comes in through the context.
 */
export function evaluateAccess(
  manifests: Manifest[],
  context: AccessContext,
): AccessDecision {
  const checks: AccessCheck[] = [];
  const warnings: string[] = [];
  const pass = (rule: AccessRule, detail: string) =>
    checks.push({ rule, outcome: 'passed', detail });
  const warn = (rule: AccessRule, detail: string) => {
    checks.push({ rule, outcome: 'warning', detail });
    warnings.push(detail);
  };
  try {
    const { decision, config } = context;
    const isAdmin = decision.role === 'mesh-admin';
    pass(
      'role',
      `${decision.userRef} acts as ${decision.role}: ${decision.reasons.join(
        '; ',
      )}`,
    );

    const ownership = (namespace: string) =>
      context.namespaces.ownership({ namespace, cluster: context.cluster });
    const ownerOf = (namespace: string) =>
      context.namespaces.ownerOf({ namespace, cluster: context.cluster });
    const ownsNamespace = (namespace: string) => {
      const owner = ownerOf(namespace);
      return owner !== undefined && decision.ownershipRefs.includes(owner);
    };
    // Two catalog entities naming different owners for one namespace: it is
    // nobody's until the catalog is fixed, whoever published the second one.
    const refuseIfAmbiguous = (what: string, namespace: string) => {
      const answer = ownership(namespace);
      if (answer.status === 'ambiguous') {
        throw new Refusal(
          'ambiguous-namespace-owner',
          'not-allowed',
          `${what}: namespace ${namespace} has more than one owner in the catalog: ${describeNamespaceClaims(
            answer.claims,
          )}; nobody may write to it as its team until the catalog names one owner`,
        );
      }
    };

    for (const manifest of manifests) {
      const what = describeManifest(manifest);
      const namespace = manifest.metadata?.namespace;
      if (ADMIN_ONLY_KINDS.has(manifest.kind)) {
        if (!isAdmin) {
          throw new Refusal(
            'admin-only-kind',
            'not-allowed',
            `${what}: only mesh admins may generate ${manifest.kind} resources`,
          );
        }
        pass(
          'admin-only-kind',
          `${what}: mesh-admin resource, requester is a mesh admin`,
        );
        continue;
      }
      if (!namespace) continue;
      if (isAdmin) {
        for (const number of rulesAllowingEveryCaller(manifest)) {
          warn(
            'named-callers',
            `${what}: rule ${number} names no caller, so it allows every caller from anywhere`,
          );
        }
        if (
          namespace === config.rootNamespace ||
          namespace === config.gatewayNamespace
        ) {
          continue;
        }
        const answer = ownership(namespace);
        if (answer.status === 'unowned') {
          warn(
            'team-namespace',
            `${what}: namespace ${namespace} has no owner in the catalog`,
          );
        } else if (answer.status === 'ambiguous') {
          warn(
            'ambiguous-namespace-owner',
            `${what}: namespace ${namespace} has more than one owner in the catalog: ${describeNamespaceClaims(
              answer.claims,
            )}`,
          );
        }
        continue;
      }
      const isCertificate = manifest.kind === 'Certificate';
      if (
        isCertificate &&
        namespace === config.gatewayNamespace &&
        !ownsNamespace(namespace)
      ) {
        // The one thing a developer may put in the shared gateway namespace
        // (seed 003, "Access Privilege Required to Create a Certificate").
        const teamNamespace = context.credentialFor;
        if (teamNamespace) refuseIfAmbiguous(what, teamNamespace);
        if (!teamNamespace || !ownsNamespace(teamNamespace)) {
          const notOwned = teamNamespace ? ` (${teamNamespace} is not)` : '';
          throw new Refusal(
            'credential-owner',
            'not-allowed',
            `${what}: a certificate in ${namespace} must be requested for a namespace your team owns${notOwned}`,
          );
        }
        const secretName =
          manifest.kind === 'Certificate'
            ? manifest.spec?.secretName ?? ''
            : '';
        const prefix = `${teamNamespace}-`;
        for (const name of [manifest.metadata?.name ?? '', secretName]) {
          if (!name.startsWith(prefix)) {
            throw new Refusal(
              'credential-prefix',
              'not-allowed',
              `${what}: in the shared namespace ${namespace} certificate and secret names must start with "${prefix}" so that teams cannot replace each other's credentials (got ${quote(
                name,
              )})`,
            );
          }
        }
        pass(
          'credential-owner',
          `${what}: requested for ${teamNamespace}, owned by the requester's team`,
        );
        continue;
      }
      if (namespace === config.rootNamespace) {
        throw new Refusal(
          'root-namespace',
          'not-allowed',
          `${what}: the root namespace ${namespace} belongs to the mesh admins; developers may only request Certificates there`,
        );
      }
      if (namespace === config.gatewayNamespace && !ownsNamespace(namespace)) {
        throw new Refusal(
          'gateway-namespace',
          'not-allowed',
          `${what}: the gateway namespace ${namespace} belongs to the mesh admins; developers may only request Certificates there`,
        );
      }
      if (!ownsNamespace(namespace)) {
        refuseIfAmbiguous(what, namespace);
        const owner = ownerOf(namespace);
        throw new Refusal(
          'team-namespace',
          'not-allowed',
          owner
            ? `${what}: namespace ${namespace} is owned by ${owner}, not by your teams (${decision.ownershipRefs.join(
                ', ',
              )})`
            : `${what}: namespace ${namespace} has no owner in the catalog, so it cannot be yours`,
        );
      }
      pass(
        'team-namespace',
        `${what}: namespace ${namespace} is owned by ${ownerOf(namespace)}`,
      );
      if (manifest.kind === 'AuthorizationPolicy') {
        const labels = manifest.spec?.selector?.matchLabels ?? {};
        if (Object.keys(labels).length === 0) {
          throw new Refusal(
            'workload-selector',
            'not-allowed',
            `${what}: developers' AuthorizationPolicies must select workloads (spec.selector.matchLabels); namespace-wide policies are for mesh admins`,
          );
        }
        pass(
          'workload-selector',
          `${what}: selects ${Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
        );
      }
      for (const number of rulesAllowingEveryCaller(manifest)) {
        // An empty "who may call" in the form becomes a rule without a
        // source: Istio then allows every caller, from any namespace and
        // without an mTLS identity. Never by accident.
        throw new Refusal(
          'named-callers',
          'input',
          `${what}: rule ${number} names no caller (no source namespaces, service accounts, request principals or JWT claims), so it would allow every caller from anywhere; say who may call, or choose to allow every caller in namespace ${namespace}`,
        );
      }
      if (manifest.kind === 'AuthorizationPolicy') {
        pass('named-callers', `${what}: every ALLOW rule names its callers`);
      }
      if (
        manifest.kind === 'Gateway' &&
        manifest.apiVersion === 'networking.istio.io/v1'
      ) {
        // The credential lives in the shared gateway namespace; naming it after
        // the team's namespace keeps one team's Gateway off another's secret.
        for (const server of manifest.spec?.servers ?? []) {
          const credential = server.tls?.credentialName;
          if (
            credential !== undefined &&
            !credential.startsWith(`${namespace}-`)
          ) {
            throw new Refusal(
              'credential-prefix',
              'not-allowed',
              `${what}: credentialName must start with "${namespace}-" (got ${quote(
                credential,
              )})`,
            );
          }
        }
      }
    }

    for (const manifest of manifests) {
      for (const principal of principalsOf(manifest)) {
        try {
          assertPrincipal(
            principal,
            `${describeManifest(manifest)} principal`,
            {
              trustDomain: config.trustDomain,
              allowPatterns: isAdmin,
            },
          );
        } catch (e) {
          throw new Refusal('principal-format', 'input', (e as Error).message);
        }
      }
    }
    if (manifests.some(m => principalsOf(m).length > 0)) {
      pass(
        'principal-format',
        `principals are ${
          isAdmin
            ? 'valid Istio principals'
            : `exact ${config.trustDomain}/ns/<ns>/sa/<sa> identities`
        }`,
      );
    }

    const hosts = [...new Set(manifests.flatMap(hostsOf))].sort();
    if (hosts.length > 0) {
      checkHosts(hosts, manifests, context, ownsNamespace, ownerOf, pass, warn);
    }
    return { allowed: true, checks, warnings };
  } catch (e) {
    if (e instanceof Refusal) {
      return {
        allowed: false,
        rule: e.rule,
        kind: e.kind,
        message: e.message,
        checks,
      };
    }
    throw e;
  }
}

function checkHosts(
  hosts: string[],
  manifests: Manifest[],
  context: AccessContext,
  ownsNamespace: (ns: string) => boolean,
  ownerOf: (ns: string) => string | undefined,
  pass: (rule: AccessRule, detail: string) => void,
  warn: (rule: AccessRule, detail: string) => void,
) {
  const isAdmin = context.decision.role === 'mesh-admin';
  const { allowedDomains } = context.config;
  if (!isAdmin) {
    // mesh-common's developer host rules: the template form runs the same.
    for (const host of hosts) {
      const refusal = developerHostRefusal(host, allowedDomains);
      if (refusal) {
        throw new Refusal(refusal.rule, 'not-allowed', refusal.message);
      }
    }
    pass('wildcard-host', `no wildcard hosts`);
    pass(
      'allowed-domains',
      `${hosts.join(', ')} inside ${allowedDomains.join(', ')}`,
    );
  }

  // Fail closed: unless the claims cover every cluster completely, a Gateway
  // nobody could read may already serve the host. Developers are refused;
  // mesh admins, who review such changes anyway, are warned.
  const claims = context.hostClaims;
  if (!claims || claims.status === 'unavailable') {
    const reason =
      claims?.status === 'unavailable' ? claims.reason : 'no live state source';
    const listed = hosts.join(', ');
    if (!isAdmin) {
      throw new Refusal(
        'host-claims-unavailable',
        'not-allowed',
        `host ownership cannot be checked: ${reason}; ${listed} may already be served by another team's Gateway`,
      );
    }
    warn(
      'host-claims-unavailable',
      `host ownership cannot be checked: ${reason}; make sure no other team already serves ${listed}`,
    );
    return;
  }

  const ownGateways = new Set(
    manifests
      .filter(m => m.kind === 'Gateway')
      .map(m => `${m.metadata?.namespace}/${m.metadata?.name}`),
  );
  let conflicts = 0;
  for (const claim of claims.claims) {
    if (!hosts.includes(claim.host)) continue;
    if (ownGateways.has(`${claim.namespace}/${claim.gateway}`)) continue;
    const owner =
      (claim.owner && normalizeOwnerRef(claim.owner)) ??
      ownerOf(claim.namespace);
    const sameTeam =
      (owner !== undefined && context.decision.ownershipRefs.includes(owner)) ||
      ownsNamespace(claim.namespace);
    if (sameTeam && !isAdmin) continue;
    const where = `Gateway ${claim.namespace}/${claim.gateway}${
      claim.port ? ` port ${claim.port}` : ''
    } in cluster ${claim.cluster}${owner ? ` (owner ${owner})` : ''}`;
    if (!isAdmin) {
      throw new Refusal(
        'host-claimed',
        'not-allowed',
        `host ${claim.host} is already served by ${where}${
          owner ? '' : ', whose owner is unknown'
        }`,
      );
    }
    conflicts++;
    warn(
      'host-claimed',
      `host ${claim.host} is also served by ${where}; check for a duplicate host:port (IST0145)`,
    );
  }
  if (conflicts === 0) {
    pass('host-claimed', `no other team's Gateway serves ${hosts.join(', ')}`);
  }
}
