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
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { meshAdminConfigCreatePermission } from '@meshwise/plugin-mesh-common';

const MESH_ADMINS = 'group:default/mesh-admins';

/**
 * Permissions only mesh admins get:
 * - generating mesh-admin-owned configuration;
 * - the Kubernetes plugin's proxy (`/api/kubernetes/proxy`), which sends any
 *   request to a cluster with the cluster's own service-account token when
 *   the caller brings none: open to every user, it would hand out every
 *   Secret's data and let anyone write objects.
 */
const MESH_ADMIN_ONLY = [
  meshAdminConfigCreatePermission,
  kubernetesProxyPermission,
];

/**
 * The demo portal's permission policy: everything else is allowed. A real
 * portal writes its own policy; this one shows where the Meshwise
 * permissions plug in, and keeps the Kubernetes proxy closed.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (MESH_ADMIN_ONLY.some(p => isPermission(request.permission, p))) {
      const ownership = user?.info.ownershipEntityRefs ?? [];
      return {
        result: ownership.includes(MESH_ADMINS)
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
