/** The two roles of seed 003 that Meshwise acts for. */
export type MeshRole = 'mesh-admin' | 'developer';

export type PermissionResult = 'ALLOW' | 'DENY';

export interface RoleInputs {
  /** The initiator's user entity ref, if the task was started by a user. */
  userRef?: string;
  /** Full entity refs the user owns through: the user itself and its groups. */
  ownershipRefs: string[];
  /** Configured mesh-admin groups (full entity refs). */
  adminGroups: string[];
  /** Permission decision for `mesh.config.admin.create`. */
  adminPermission: PermissionResult;
  /** Permission decision for `mesh.config.team.create`. */
  teamPermission: PermissionResult;
}

export interface RoleDecision {
  role?: MeshRole;
  userRef?: string;
  ownershipRefs: string[];
  /** Human-readable trail of how the role was decided, for the PR body and errors. */
  reasons: string[];
}

/**
 * Decides the requester's role. Admin needs BOTH a configured admin group and
 * an ALLOW for the admin permission, so neither a permissive policy nor group
 * membership alone makes anyone a mesh admin. A developer needs the team
 * permission; their reach is limited later by namespace ownership.
 */
export function decideRole(inputs: RoleInputs): RoleDecision {
  const ownershipRefs = [...new Set(inputs.ownershipRefs)].sort();
  const base = { userRef: inputs.userRef, ownershipRefs };
  if (!inputs.userRef) {
    return {
      ...base,
      reasons: ['the task was not started by a signed-in user'],
    };
  }
  const adminGroup = inputs.adminGroups.find(g => ownershipRefs.includes(g));
  const reasons: string[] = [];
  if (adminGroup && inputs.adminPermission === 'ALLOW') {
    return {
      ...base,
      role: 'mesh-admin',
      reasons: [
        `${inputs.userRef} is a member of the mesh-admin group ${adminGroup}`,
        'the permission policy allows mesh.config.admin.create',
      ],
    };
  }
  if (adminGroup) {
    reasons.push(
      `${inputs.userRef} is in ${adminGroup} but the permission policy denies mesh.config.admin.create`,
    );
  } else {
    reasons.push(
      inputs.adminGroups.length
        ? `${
            inputs.userRef
          } is in none of the mesh-admin groups (${inputs.adminGroups.join(
            ', ',
          )})`
        : 'no mesh-admin groups are configured (mesh.scaffolder.adminGroups)',
    );
  }
  if (inputs.teamPermission === 'ALLOW') {
    return {
      ...base,
      role: 'developer',
      reasons: [
        ...reasons,
        'the permission policy allows mesh.config.team.create',
      ],
    };
  }
  return {
    ...base,
    reasons: [
      ...reasons,
      'the permission policy denies mesh.config.team.create',
    ],
  };
}
