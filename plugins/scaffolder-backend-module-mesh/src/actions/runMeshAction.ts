import type {
  AuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError, NotAllowedError } from '@backstage/errors';
import { indexNamespaceOwnership } from '@meshwise/plugin-mesh-common';
import type { MeshScaffolderConfig } from '../config/readMeshScaffolderConfig';
import type { MeshRole, RoleDecision } from '../domain/decideRole';
import {
  evaluateAccess,
  HostClaimsState,
  hostsOf,
} from '../domain/evaluateAccess';
import { describePullRequest } from '../domain/describePullRequest';
import type { Manifest } from '../domain/Manifest';
import { planManifestPaths } from '../domain/planManifestPaths';
import type { GatewayHostClaims } from '../io/GatewayHostClaims';
import { loadNamespaceClaims } from '../io/loadNamespaceClaims';
import {
  RequesterContext,
  resolveRoleDecision,
} from '../io/resolveRoleDecision';
import { serializeManifest } from '../io/serializeManifest';
import { validateManifests } from '../io/validateManifests';
import { writeManifestFiles } from '../io/writeManifestFiles';

/** Services every mesh action needs; the module wires them from the backend. */
export interface MeshActionOptions {
  config: MeshScaffolderConfig;
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  hostClaims: GatewayHostClaims;
}

export type ActingDecision = RoleDecision & { role: MeshRole };

/** What an action wants to generate, built from its parsed input and the requester's role. */
export interface MeshChangePlan {
  summary: string;
  manifests: Manifest[];
  notes: string[];
  /** Choices the requester made on purpose that a reviewer must see (shown with the access warnings). */
  warnings?: string[];
  cluster?: string;
  credentialFor?: string;
}

export interface MeshActionContext extends RequesterContext {
  logger: LoggerService;
  workspacePath: string;
  isDryRun?: boolean;
  output(name: string, value: unknown): void;
}

/**
 * The common path of every mesh action: decide the role from server-side
 * facts, build the manifests, check them against the role rules and live
 * state, validate them against their schemas, and only then write them and
 * describe the pull request. Any refusal happens before the first write.
 */
export async function runMeshAction(
  ctx: MeshActionContext,
  options: MeshActionOptions,
  plan: (decision: ActingDecision) => MeshChangePlan,
): Promise<void> {
  const { config } = options;
  const decision = await resolveRoleDecision(ctx, options, config.adminGroups);
  if (!decision.role) {
    const message = `Refused by rule "role": ${decision.reasons.join('; ')}`;
    ctx.logger.error(message);
    throw new NotAllowedError(message);
  }
  const acting = decision as ActingDecision;
  const change = plan(acting);

  const namespaces = indexNamespaceOwnership(
    await loadNamespaceClaims(options.catalog, options.auth, config.ownership),
  );
  const hosts = [...new Set(change.manifests.flatMap(hostsOf))];
  let hostClaims: HostClaimsState | undefined;
  if (hosts.length > 0) {
    try {
      hostClaims = {
        status: 'known',
        claims: await options.hostClaims.claimsFor(hosts),
      };
    } catch (e) {
      hostClaims = { status: 'unavailable', reason: (e as Error).message };
    }
  }

  const access = evaluateAccess(change.manifests, {
    decision: acting,
    cluster: change.cluster,
    namespaces,
    config,
    hostClaims,
    credentialFor: change.credentialFor,
  });
  if (!access.allowed) {
    const message = `Refused by rule "${access.rule}": ${access.message}`;
    ctx.logger.error(message);
    throw access.kind === 'input'
      ? new InputError(message)
      : new NotAllowedError(message);
  }

  const manifests = await validateManifests(change.manifests);
  const files = planManifestPaths(manifests, {
    layout: config.gitops,
    rootNamespace: config.rootNamespace,
    gatewayNamespace: config.gatewayNamespace,
    namespaces,
    cluster: change.cluster,
  });
  const written = await writeManifestFiles(ctx.workspacePath, files);
  const adminOwned = files.some(f => f.adminOwned);
  const warnings = [...(change.warnings ?? []), ...access.warnings];
  const pr = describePullRequest({
    summary: change.summary,
    files,
    decision: acting,
    checks: access.checks,
    warnings,
    notes: change.notes,
    dryRun: Boolean(ctx.isDryRun),
  });
  for (const warning of warnings) ctx.logger.warn(warning);
  ctx.logger.info(
    `${acting.userRef} as ${acting.role} generated ${written.join(', ')}`,
  );
  // The manifests themselves, in the task log: if publishing fails later
  // (no token, no access to the repository) the work is not lost.
  for (const file of files) {
    ctx.logger.info(`${file.path}:\n${serializeManifest(file.manifest)}`);
  }
  ctx.output('files', written);
  ctx.output('prTitle', pr.title);
  ctx.output('prBody', pr.body);
  ctx.output('role', acting.role);
  ctx.output('adminOwned', adminOwned);
  ctx.output('reviewers', adminOwned ? config.meshAdminReviewers.users : []);
  ctx.output(
    'teamReviewers',
    adminOwned ? config.meshAdminReviewers.teams : [],
  );
}
