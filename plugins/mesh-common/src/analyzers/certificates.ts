import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  CertificateStatus,
  ConditionStatus,
  CredentialState,
  CredentialStatus,
  IssuerStatus,
} from '../types/status';
import { arr, asNumber, namespaceOf, rec, str, strings } from '../util/safe';
import { AnalysisContext, memoize } from './AnalysisContext';

const DAY_MS = 24 * 60 * 60 * 1000;

export function readyCondition(obj: unknown): {
  status: ConditionStatus | undefined;
  reason?: string;
  message?: string;
} {
  const cond = arr(obj, 'status', 'conditions').find(
    c => str(c, 'type') === 'Ready',
  );
  const s = str(cond, 'status');
  const status =
    s === 'True' || s === 'False' || s === 'Unknown' ? s : undefined;
  const reason = str(cond, 'reason');
  const message = str(cond, 'message');
  return {
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function issuerType(issuer: KubeObject): string | undefined {
  const spec = rec(issuer, 'spec') ?? {};
  return ['acme', 'ca', 'vault', 'selfSigned', 'venafi'].find(t => t in spec);
}

export function issuerStatus(
  ctx: AnalysisContext,
  cert: KubeObject,
): IssuerStatus | undefined {
  const name = str(cert, 'spec', 'issuerRef', 'name');
  if (!name) return undefined;
  const kind = str(cert, 'spec', 'issuerRef', 'kind') ?? 'Issuer';
  const group = str(cert, 'spec', 'issuerRef', 'group') ?? 'cert-manager.io';
  const ns = namespaceOf(cert);
  if (group !== 'cert-manager.io') {
    // External issuers (e.g. the Vault or AWS PCA issuers) have their own kinds.
    return {
      ref: {
        cluster: ctx.cluster,
        apiVersion: `${group}/v1`,
        kind,
        ...(ns ? { namespace: ns } : {}),
        name,
      },
      ready: 'unknown',
      type: 'external',
    };
  }
  const k = kind === 'ClusterIssuer' ? Kinds.ClusterIssuer : Kinds.Issuer;
  const issuerNs = kind === 'ClusterIssuer' ? undefined : ns;
  const issuer = ctx.view.get(k, issuerNs, name);
  const ref = ctx.refByName(k, issuerNs, name);
  if (!issuer) {
    return { ref, ready: ctx.isSynced(k) ? 'missing' : 'unknown' };
  }
  const type = issuerType(issuer);
  return {
    ref,
    ready: readyCondition(issuer).status ?? 'unknown',
    ...(type ? { type } : {}),
  };
}

/**
 * A cert-manager Certificate's readiness and expiry. `expiring` covers both
 * "notAfter within the window" and "past renewalTime" (cert-manager should
 * already have renewed it, so renewal is stuck).
 */
export function certificateStatus(
  ctx: AnalysisContext,
  cert: KubeObject,
): CertificateStatus {
  const ready = readyCondition(cert);
  const notAfter = str(cert, 'status', 'notAfter');
  const renewalTime = str(cert, 'status', 'renewalTime');
  const notAfterMs = notAfter ? Date.parse(notAfter) : NaN;
  const renewalMs = renewalTime ? Date.parse(renewalTime) : NaN;
  const now = ctx.config.nowMs;
  const daysToExpiry = Number.isFinite(notAfterMs)
    ? daysUntil(notAfterMs - now)
    : undefined;
  const failed = asNumber(rec(cert, 'status')?.failedIssuanceAttempts);
  let state: CredentialState;
  // A stale or broken cache may hold an outdated status: never call that healthy.
  if (!ctx.isSynced(Kinds.Certificate)) state = 'unknown';
  else if (Number.isFinite(notAfterMs) && notAfterMs <= now) state = 'expired';
  else if (ready.status === 'False') state = 'notReady';
  else if (ready.status !== 'True') state = 'unknown';
  else if (
    (Number.isFinite(notAfterMs) &&
      notAfterMs - now <= ctx.config.certificateExpiryWindowDays * DAY_MS) ||
    (Number.isFinite(renewalMs) && renewalMs <= now)
  ) {
    state = 'expiring';
  } else state = 'ready';
  const issuer = issuerStatus(ctx, cert);
  return {
    ref: ctx.ref(cert, Kinds.Certificate),
    secretName: str(cert, 'spec', 'secretName') ?? '',
    ready: ready.status ?? 'Unknown',
    ...(ready.reason ? { reason: ready.reason } : {}),
    ...(ready.message ? { message: ready.message } : {}),
    ...(notAfter ? { notAfter } : {}),
    ...(renewalTime ? { renewalTime } : {}),
    ...(daysToExpiry !== undefined ? { daysToExpiry } : {}),
    ...(failed !== undefined ? { failedIssuanceAttempts: failed } : {}),
    dnsNames: strings(cert, 'spec', 'dnsNames'),
    ...(issuer ? { issuer } : {}),
    state,
  };
}

/** Certificates by `namespace\0spec.secretName`. */
export function certificatesBySecret(
  ctx: AnalysisContext,
): Map<string, KubeObject[]> {
  return memoize(ctx.view, 'certificatesBySecret', [Kinds.Certificate], () => {
    const index = new Map<string, KubeObject[]>();
    for (const cert of ctx.view.list(Kinds.Certificate)) {
      const secret = str(cert, 'spec', 'secretName');
      if (!secret) continue;
      const key = `${namespaceOf(cert) ?? ''}\u0000${secret}`;
      const list = index.get(key) ?? [];
      list.push(cert);
      index.set(key, list);
    }
    return index;
  });
}

function secretPresence(
  seen: boolean,
  kindUnknown: boolean,
): CredentialStatus['secret'] {
  if (seen) return 'present';
  return kindUnknown ? 'unknown' : 'absent';
}

/**
 * Whether a gateway credential (a Secret name in a namespace) exists and is
 * healthy, decided from the cert-manager Certificate that writes it and, at
 * most, the Secret's metadata. Without cert-manager (kind not installed) a
 * present Secret is `secretOnly`.
 */
export function credentialStatus(
  ctx: AnalysisContext,
  name: string,
  namespace: string,
): CredentialStatus {
  const certs =
    certificatesBySecret(ctx).get(`${namespace}\u0000${name}`) ?? [];
  const secretKindUnknown = ctx.unknownFor(Kinds.Secret);
  const secretObj = ctx.view.get(Kinds.Secret, namespace, name);
  const secret = secretPresence(
    secretObj !== undefined,
    secretKindUnknown !== undefined,
  );
  if (certs.length) {
    const certificate = certificateStatus(ctx, certs[0]);
    const unknown =
      certificate.state === 'unknown'
        ? ctx.unknownFor(Kinds.Certificate) ?? {
            reason: 'missingData' as const,
            message: `Certificate ${namespace}/${certificate.ref.name} reports no Ready condition yet.`,
          }
        : undefined;
    return {
      name,
      namespace,
      state: certificate.state,
      ...(unknown ? { unknown } : {}),
      certificate,
      secret,
    };
  }
  if (secret === 'present')
    return { name, namespace, state: 'secretOnly', secret };
  const certState = ctx.view.kindState(Kinds.Certificate).status;
  const certKnown = certState === 'synced' || certState === 'notInstalled';
  if (certKnown && secret === 'absent')
    return { name, namespace, state: 'missing', secret };
  return {
    name,
    namespace,
    state: 'unknown',
    unknown: ctx.unknownFor(Kinds.Secret, Kinds.Certificate) ?? {
      reason: 'missingData',
      message: 'Neither a Certificate nor the Secret is visible.',
    },
    secret,
  };
}

export { DAY_MS };

/**
 * Days left as people count them: a certificate with 4.2 days left "expires
 * in 5 days" (rounded up while it is valid); an expired one counts whole days
 * since (rounded down, so just expired is -1).
 */
function daysUntil(ms: number): number {
  return ms > 0 ? Math.ceil(ms / DAY_MS) : Math.floor(ms / DAY_MS);
}
