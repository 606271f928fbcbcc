import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { meshAdminConfigCreatePermission } from '@meshwise/plugin-mesh-common';

/**
 * The demo portal's permission policy: everything is allowed, except that
 * generating mesh-admin-owned configuration needs membership of the
 * `mesh-admins` group. A real portal writes its own policy; this one shows
 * where the Meshwise permissions plug in.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, meshAdminConfigCreatePermission)) {
      const ownership = user?.info.ownershipEntityRefs ?? [];
      return {
        result: ownership.includes('group:default/mesh-admins')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'meshwise-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
