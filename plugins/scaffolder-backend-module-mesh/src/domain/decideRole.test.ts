import { decideRole, PermissionResult } from './decideRole';

const ADMINS = 'group:default/mesh-admins';
const TEAM = 'group:default/team-bookinfo';

describe('decideRole', () => {
  it.each<
    [string, string[], PermissionResult, PermissionResult, string | undefined]
  >([
    ['admin group + admin ALLOW', [ADMINS], 'ALLOW', 'ALLOW', 'mesh-admin'],
    [
      'admin group + admin ALLOW, team DENY',
      [ADMINS],
      'ALLOW',
      'DENY',
      'mesh-admin',
    ],
    [
      'admin group but admin DENY falls back to developer',
      [ADMINS, TEAM],
      'DENY',
      'ALLOW',
      'developer',
    ],
    [
      'allow-all policy without the admin group is a developer',
      [TEAM],
      'ALLOW',
      'ALLOW',
      'developer',
    ],
    ['team member with team ALLOW', [TEAM], 'DENY', 'ALLOW', 'developer'],
    ['nothing allowed', [TEAM], 'DENY', 'DENY', undefined],
    ['admin group, everything denied', [ADMINS], 'DENY', 'DENY', undefined],
  ])('%s', (_name, groups, adminPermission, teamPermission, role) => {
    const decision = decideRole({
      userRef: 'user:default/someone',
      ownershipRefs: ['user:default/someone', ...groups],
      adminGroups: [ADMINS],
      adminPermission,
      teamPermission,
    });
    expect(decision.role).toBe(role);
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  it('never makes a non-user an admin', () => {
    const decision = decideRole({
      ownershipRefs: [ADMINS],
      adminGroups: [ADMINS],
      adminPermission: 'ALLOW',
      teamPermission: 'ALLOW',
    });
    expect(decision.role).toBeUndefined();
    expect(decision.reasons).toEqual([
      'the task was not started by a signed-in user',
    ]);
  });

  it('says why an admin-group member is not an admin', () => {
    const decision = decideRole({
      userRef: 'user:default/x',
      ownershipRefs: [ADMINS],
      adminGroups: [ADMINS],
      adminPermission: 'DENY',
      teamPermission: 'DENY',
    });
    expect(decision.reasons.join('\n')).toContain(
      'denies mesh.config.admin.create',
    );
    expect(decision.reasons.join('\n')).toContain(
      'denies mesh.config.team.create',
    );
  });

  it('reports a missing admin-group configuration', () => {
    const decision = decideRole({
      userRef: 'user:default/x',
      ownershipRefs: [TEAM],
      adminGroups: [],
      adminPermission: 'ALLOW',
      teamPermission: 'ALLOW',
    });
    expect(decision.role).toBe('developer');
    expect(decision.reasons[0]).toContain(
      'no mesh-admin groups are configured',
    );
  });
});
