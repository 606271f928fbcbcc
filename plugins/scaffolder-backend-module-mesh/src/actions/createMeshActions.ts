import { createAuthorizationPolicyAction } from './createAuthorizationPolicyAction';
import { createCertificateAction } from './createCertificateAction';
import { createEckAction } from './createEckAction';
import { createGatewayAction } from './createGatewayAction';
import { createNamespaceDataPlaneAction } from './createNamespaceDataPlaneAction';
import { createPeerAuthenticationAction } from './createPeerAuthenticationAction';
import { createRequestAuthenticationAction } from './createRequestAuthenticationAction';
import type { MeshActionOptions } from './runMeshAction';

/** Every `mesh:*` scaffolder action, sharing one set of services. */
export function createMeshActions(options: MeshActionOptions) {
  return [
    createGatewayAction(options),
    createCertificateAction(options),
    createAuthorizationPolicyAction(options),
    createPeerAuthenticationAction(options),
    createRequestAuthenticationAction(options),
    createNamespaceDataPlaneAction(options),
    createEckAction(options),
  ];
}
