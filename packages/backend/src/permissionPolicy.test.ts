import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  meshAdminConfigCreatePermission,
  meshFleetReadPermission,
  meshTeamConfigCreatePermission,
} from '@meshwise/plugin-mesh-common';
import { DemoPermissionPolicy } from './permissionPolicy';

const user = (...ownershipEntityRefs: string[]): PolicyQueryUser => ({
  credentials: mockCredentials.user(ownershipEntityRefs[0]),
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

const guest = user('user:development/guest', 'group:default/storefront');
const meshAdmin = user('user:default/root', 'group:default/mesh-admins');

describe('DemoPermissionPolicy', () => {
  const policy = new DemoPermissionPolicy();
  const decide = async (
    permission: Parameters<DemoPermissionPolicy['handle']>[0]['permission'],
    who?: PolicyQueryUser,
  ) => (await policy.handle({ permission }, who)).result;

  it('keeps the Kubernetes proxy and mesh-admin changes to mesh admins', async () => {
    for (const permission of [
      kubernetesProxyPermission,
      meshAdminConfigCreatePermission,
    ]) {
      expect(await decide(permission, guest)).toBe(AuthorizeResult.DENY);
      expect(await decide(permission)).toBe(AuthorizeResult.DENY);
      expect(await decide(permission, meshAdmin)).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('allows what every developer does', async () => {
    for (const permission of [
      meshFleetReadPermission,
      meshTeamConfigCreatePermission,
    ]) {
      expect(await decide(permission, guest)).toBe(AuthorizeResult.ALLOW);
    }
  });
});
