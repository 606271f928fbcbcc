import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  parseEntityRef,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import {
  meshAdminConfigCreatePermission,
  meshTeamConfigCreatePermission,
} from '@meshwise/plugin-mesh-common';
import { decideRole, RoleDecision } from '../domain/decideRole';

export interface RequesterContext {
  user?: { entity?: UserEntity; ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

function memberOfRefs(entity: UserEntity | undefined): string[] {
  const memberOf = entity?.spec?.memberOf ?? [];
  return memberOf.flatMap(ref => {
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(ref, {
            defaultKind: 'group',
            defaultNamespace: entity?.metadata.namespace ?? 'default',
          }),
        ),
      ];
    } catch {
      return [];
    }
  });
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string }).type === 'user';
}

/**
 * Gathers the server-side facts about the initiator — identity, ownership refs
 * and the two permission decisions — and hands them to the pure role rule.
 * Nothing from the template form takes part in this.
 */
export async function resolveRoleDecision(
  ctx: RequesterContext,
  services: { userInfo: UserInfoService; permissions: PermissionsService },
  adminGroups: string[],
): Promise<RoleDecision> {
  const credentials = await ctx.getInitiatorCredentials();
  if (!isUser(credentials)) {
    return decideRole({
      ownershipRefs: [],
      adminGroups,
      adminPermission: 'DENY',
      teamPermission: 'DENY',
    });
  }
  const userRef = credentials.principal.userEntityRef;
  const info = await services.userInfo.getUserInfo(credentials);
  // The decorated catalog entity is only trusted when it is the same user.
  const entity = ctx.user?.ref === userRef ? ctx.user?.entity : undefined;
  const ownershipRefs = [
    userRef,
    ...info.ownershipEntityRefs,
    ...memberOfRefs(entity),
  ];
  const [admin, team] = await services.permissions.authorize(
    [
      { permission: meshAdminConfigCreatePermission },
      { permission: meshTeamConfigCreatePermission },
    ],
    { credentials },
  );
  return decideRole({
    userRef,
    ownershipRefs,
    adminGroups,
    adminPermission: admin.result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY',
    teamPermission: team.result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY',
  });
}
