import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  AppliedAuthorizationPolicy,
  AppliedRequestAuthentication,
  AuthorizationAction,
  AuthorizationSources,
  AuthorizationStatus,
  PodDataPlaneMode,
} from '../types/status';
import {
  arr,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  str,
  strings,
  uniq,
} from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext } from './AnalysisContext';
import { GATEWAY_NAME_LABEL } from './istioConventions';
import { workloadSelectorOf } from './mtls';

const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'requestPrincipals',
  'notRequestPrincipals',
] as const;

/** Condition keys ztunnel can evaluate (Istio ambient L4 policy); everything else needs an L7 proxy. */
const L4_CONDITION_KEYS = new Set([
  'source.ip',
  'source.namespace',
  'source.principal',
  'destination.ip',
  'destination.port',
]);
const L7_OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
];
const L7_SOURCE_FIELDS = [
  'requestPrincipals',
  'notRequestPrincipals',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
];

export function emptySources(): AuthorizationSources {
  return {
    principals: [],
    notPrincipals: [],
    namespaces: [],
    notNamespaces: [],
    ipBlocks: [],
    notIpBlocks: [],
    requestPrincipals: [],
    notRequestPrincipals: [],
  };
}

export function policyAction(policy: KubeObject): AuthorizationAction {
  const a = (str(policy, 'spec', 'action') ?? 'ALLOW').toUpperCase();
  return a === 'DENY' || a === 'CUSTOM' || a === 'AUDIT' ? a : 'ALLOW';
}

export function policySources(policy: KubeObject): AuthorizationSources {
  const sources = emptySources();
  for (const rule of arr(policy, 'spec', 'rules')) {
    for (const from of arr(rule, 'from')) {
      for (const field of SOURCE_FIELDS) {
        sources[field].push(...strings(from, 'source', field));
      }
    }
  }
  for (const field of SOURCE_FIELDS) sources[field] = uniq(sources[field]);
  return sources;
}

/** Uses JWT-derived attributes, which only a RequestAuthentication can populate. */
export function policyRequiresJwt(policy: KubeObject): boolean {
  for (const rule of arr(policy, 'spec', 'rules')) {
    for (const from of arr(rule, 'from')) {
      if (
        strings(from, 'source', 'requestPrincipals').length ||
        strings(from, 'source', 'notRequestPrincipals').length
      ) {
        return true;
      }
    }
    for (const when of arr(rule, 'when')) {
      if ((str(when, 'key') ?? '').startsWith('request.auth.')) return true;
    }
  }
  return false;
}

/** Needs an L7 proxy (sidecar or waypoint): HTTP attributes, JWT, CUSTOM action. */
export function policyUsesL7(policy: KubeObject): boolean {
  if (policyAction(policy) === 'CUSTOM') return true;
  for (const rule of arr(policy, 'spec', 'rules')) {
    for (const from of arr(rule, 'from')) {
      if (L7_SOURCE_FIELDS.some(f => strings(from, 'source', f).length))
        return true;
    }
    for (const to of arr(rule, 'to')) {
      if (L7_OPERATION_FIELDS.some(f => strings(to, 'operation', f).length))
        return true;
    }
    for (const when of arr(rule, 'when')) {
      if (!L4_CONDITION_KEYS.has(str(when, 'key') ?? '')) return true;
    }
  }
  return false;
}

const EMPTY_RULES_SUMMARY: Partial<Record<AuthorizationAction, string>> = {
  ALLOW: 'ALLOW with no rules: allows nothing (denies every request)',
  DENY: 'DENY with no rules: matches nothing',
};

function summarize(policy: KubeObject, action: AuthorizationAction): string {
  const rules = arr(policy, 'spec', 'rules');
  if (rules.length === 0) {
    return EMPTY_RULES_SUMMARY[action] ?? `${action} with no rules`;
  }
  if (
    rules.some(
      r => Object.keys((r as Record<string, unknown>) ?? {}).length === 0,
    )
  ) {
    return `${action} every request (an empty rule matches all)`;
  }
  const s = policySources(policy);
  const parts: string[] = [];
  if (s.principals.length) parts.push(`principals ${s.principals.join(', ')}`);
  if (s.notPrincipals.length)
    parts.push(`not principals ${s.notPrincipals.join(', ')}`);
  if (s.namespaces.length) parts.push(`namespaces ${s.namespaces.join(', ')}`);
  if (s.notNamespaces.length)
    parts.push(`not namespaces ${s.notNamespaces.join(', ')}`);
  if (s.ipBlocks.length) parts.push(`ipBlocks ${s.ipBlocks.join(', ')}`);
  if (s.requestPrincipals.length)
    parts.push(`JWT principals ${s.requestPrincipals.join(', ')}`);
  if (s.notRequestPrincipals.length) {
    parts.push(
      `requests without JWT principal ${s.notRequestPrincipals.join(', ')}`,
    );
  }
  const conditions = uniq(
    rules
      .flatMap(r => arr(r, 'when').map(w => str(w, 'key') ?? ''))
      .filter(Boolean),
  );
  return `${action} ${
    parts.length ? `from ${parts.join('; ')}` : 'any source'
  }${conditions.length ? ` when ${conditions.join(', ')}` : ''} (${
    rules.length
  } rule${rules.length === 1 ? '' : 's'})`;
}

export type PolicyScope = AppliedAuthorizationPolicy['scope'];

/**
 * Whether an AuthorizationPolicy or RequestAuthentication applies to a pod,
 * and at which scope. Selector-less policies cover their namespace (the whole
 * mesh in the root namespace); a selector in the root namespace matches pods
 * in every namespace. `targetRefs` attach to Gateway API Gateways (their pods)
 * and, in ambient mode, to the waypoint serving a Service.
 */
export function policyScopeFor(
  ctx: AnalysisContext,
  policy: KubeObject,
  pod: {
    namespace: string;
    labels: Record<string, string>;
    services: readonly KubeObject[];
    waypoint: boolean;
  },
): PolicyScope | undefined {
  const policyNs = namespaceOf(policy) ?? '';
  const root = ctx.config.rootNamespace;
  const targetRefs = [
    ...arr(policy, 'spec', 'targetRefs'),
    ...(at(policy, 'spec', 'targetRef')
      ? [at(policy, 'spec', 'targetRef')]
      : []),
  ];
  if (targetRefs.length) {
    for (const t of targetRefs) {
      const kind = str(t, 'kind');
      const name = str(t, 'name');
      if (!name) continue;
      if (
        kind === 'Gateway' &&
        policyNs === pod.namespace &&
        pod.labels[GATEWAY_NAME_LABEL] === name
      ) {
        return 'targetRef';
      }
      if (
        kind === 'Service' &&
        pod.waypoint &&
        policyNs === pod.namespace &&
        pod.services.some(s => nameOf(s) === name)
      ) {
        return 'targetRef';
      }
    }
    return undefined;
  }
  const selector = workloadSelectorOf(policy);
  if (policyNs !== pod.namespace && policyNs !== root) return undefined;
  if (!selector) {
    if (policyNs === root) return 'mesh';
    return pod.namespace === policyNs ? 'namespace' : undefined;
  }
  return isLabelSubset(selector, pod.labels) ? 'workload' : undefined;
}

const appliedCache = new WeakMap<
  object,
  Omit<AppliedAuthorizationPolicy, 'scope' | 'ref'>
>();

export function appliedAuthorizationPolicy(
  ctx: AnalysisContext,
  policy: KubeObject,
  scope: PolicyScope,
): AppliedAuthorizationPolicy {
  // Policies in the view are immutable: derive their description once.
  let derived = appliedCache.get(policy);
  if (!derived) {
    const action = policyAction(policy);
    const provider = str(policy, 'spec', 'provider', 'name');
    derived = {
      action,
      ...(provider ? { provider } : {}),
      ruleCount: arr(policy, 'spec', 'rules').length,
      summary: summarize(policy, action),
      sources: policySources(policy),
      requiresJwt: policyRequiresJwt(policy),
      usesL7: policyUsesL7(policy),
    };
    appliedCache.set(policy, derived);
  }
  return { ref: ctx.ref(policy, Kinds.AuthorizationPolicy), scope, ...derived };
}

export interface PodAuthorization {
  policies: { policy: KubeObject; scope: PolicyScope }[];
  requestAuthentications: { ra: KubeObject; scope: PolicyScope }[];
}

/** Policies and RequestAuthentications that apply to one pod. */
export function podAuthorization(
  ctx: AnalysisContext,
  pod: KubeObject,
  services: readonly KubeObject[],
  podMode: PodDataPlaneMode,
): PodAuthorization {
  const namespace = namespaceOf(pod) ?? '';
  const root = ctx.config.rootNamespace;
  const subject = {
    namespace,
    labels: labelsOf(pod),
    services,
    waypoint: podMode === 'ambient+waypoint',
  };
  const candidatesOf = (
    kind: typeof Kinds.AuthorizationPolicy | typeof Kinds.RequestAuthentication,
  ) =>
    namespace === root
      ? ctx.view.list(kind, namespace)
      : [...ctx.view.list(kind, namespace), ...ctx.view.list(kind, root)];
  const policies: PodAuthorization['policies'] = [];
  for (const policy of candidatesOf(Kinds.AuthorizationPolicy)) {
    const scope = policyScopeFor(ctx, policy, subject);
    if (scope) policies.push({ policy, scope });
  }
  const requestAuthentications: PodAuthorization['requestAuthentications'] = [];
  for (const ra of candidatesOf(Kinds.RequestAuthentication)) {
    const scope = policyScopeFor(ctx, ra, subject);
    if (scope) requestAuthentications.push({ ra, scope });
  }
  return { policies, requestAuthentications };
}

/** Requests no policy mentions are denied as soon as one ALLOW policy applies. */
function defaultDecisionOf(
  policies: readonly AppliedAuthorizationPolicy[],
  policiesUnknown: boolean,
): AuthorizationStatus['defaultDecision'] {
  if (policiesUnknown) return 'unknown';
  return policies.some(p => p.action === 'ALLOW') ? 'deny' : 'allow';
}

/** Authorization of a workload: the union over its pods. */
export function workloadAuthorization(
  ctx: AnalysisContext,
  perPod: readonly PodAuthorization[],
): AuthorizationStatus {
  const unknown = ctx.unknownFor(
    Kinds.AuthorizationPolicy,
    Kinds.RequestAuthentication,
  );
  const policyMap = new Map<string, AppliedAuthorizationPolicy>();
  const raMap = new Map<string, AppliedRequestAuthentication>();
  for (const p of perPod) {
    for (const { policy, scope } of p.policies) {
      const applied = appliedAuthorizationPolicy(ctx, policy, scope);
      policyMap.set(`${applied.ref.namespace}/${applied.ref.name}`, applied);
    }
    for (const { ra, scope } of p.requestAuthentications) {
      const ref = ctx.ref(ra, Kinds.RequestAuthentication);
      raMap.set(`${ref.namespace}/${ref.name}`, {
        ref,
        scope,
        issuers: uniq(
          arr(ra, 'spec', 'jwtRules').flatMap(r =>
            str(r, 'issuer') ? [str(r, 'issuer')!] : [],
          ),
        ),
      });
    }
  }
  const policies = [...policyMap.values()];
  const requestAuthentications = [...raMap.values()];
  const allowedSources = emptySources();
  for (const p of policies.filter(x => x.action === 'ALLOW')) {
    for (const field of SOURCE_FIELDS) {
      allowedSources[field] = uniq([
        ...allowedSources[field],
        ...p.sources[field],
      ]);
    }
  }
  const jwtRequired = policies.some(
    p => p.requiresJwt && (p.action === 'ALLOW' || p.action === 'DENY'),
  );
  return {
    ...(unknown ? { unknown } : {}),
    policies,
    requestAuthentications,
    defaultDecision: defaultDecisionOf(policies, unknown !== undefined),
    allowedSources,
    jwt: {
      required: jwtRequired,
      issuers: uniq(requestAuthentications.flatMap(r => r.issuers)),
    },
  };
}
