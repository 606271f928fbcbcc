import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { compareStrings } from '../util/compareStrings';
import { arr, labelsOf, nameOf, namespaceOf, str } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

/** istiod's setting that keeps its JWKS fetches away from the listed CIDRs. */
export const BLOCKED_CIDRS_ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS';

/**
 * Whether one of the Deployment's containers sets BLOCKED_CIDRS_IN_JWKS_URIS
 * to a literal, non-empty value. istioctl reads only `value`: an entry
 * taken from a ConfigMap or Secret (`valueFrom`) does not count, so it is
 * not counted here either, to reach the same verdict.
 */
function setsBlockedCidrs(deployment: KubeObject): boolean {
  return arr(deployment, 'spec', 'template', 'spec', 'containers').some(c =>
    arr(c, 'env').some(
      e => str(e, 'name') === BLOCKED_CIDRS_ENV && !!str(e, 'value'),
    ),
  );
}

/** Whether any container of the Deployment's template lists environment variables. */
function envRead(deployment: KubeObject): boolean {
  return arr(deployment, 'spec', 'template', 'spec', 'containers').some(
    c => arr(c, 'env').length > 0,
  );
}

/**
 * MW604 / IST0175, as istioctl's authn.BlockedCIDRsAnalyzer decides it:
 * once any RequestAuthentication exists, istiod fetches the JWKS of every
 * jwksUri itself, so each istiod Deployment (label app=istiod, any
 * namespace or revision) that does not set BLOCKED_CIDRS_IN_JWKS_URIS can
 * be pointed at internal addresses (cloud metadata, the cluster's own
 * Services) by whoever may write a RequestAuthentication.
 */
export function jwksFetchFindings(
  ctx: AnalysisContext,
  deployment: KubeObject,
): Finding[] {
  if (labelsOf(deployment).app !== 'istiod') return [];
  // istiod always runs with environment variables (REVISION, ...): a
  // template without any was read without them (a source that drops env,
  // which may hold secrets; the mesh backend's cache keeps the names and
  // this setting's value), so the setting is unknown, not absent.
  if (!envRead(deployment)) return [];
  if (setsBlockedCidrs(deployment)) return [];
  // Without the RequestAuthentications the verdict is unknown, not "none".
  if (!ctx.isSynced(Kinds.RequestAuthentication)) return [];
  const requestAuthentications = ctx.view
    .list(Kinds.RequestAuthentication)
    .map(ra => `${namespaceOf(ra) ?? ''}/${nameOf(ra) ?? ''}`)
    .sort(compareStrings);
  if (!requestAuthentications.length) return [];
  const ref = ctx.ref(deployment, Kinds.Deployment);
  const count = requestAuthentications.length;
  return [
    ctx.finding({
      code: 'MW604',
      objects: [ref],
      message: `${describe(
        ref,
      )} fetches the JWKS of ${count} RequestAuthentication${
        count === 1 ? '' : 's'
      } (${listNames(
        requestAuthentications,
      )}) without ${BLOCKED_CIDRS_ENV}: a jwksUri naming an internal address makes istiod request it from inside the cluster.`,
      remediation: `Set ${BLOCKED_CIDRS_ENV} on istiod (istiod chart: pilot.env) to the CIDRs it must never fetch from, e.g. 169.254.169.254/32 and the cluster's pod and Service ranges, comma-separated.`,
    }),
  ];
}
