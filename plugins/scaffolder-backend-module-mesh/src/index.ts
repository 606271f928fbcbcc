/**
 * Scaffolder actions that generate Istio, Gateway API, cert-manager and ECK
 * manifests for a GitOps pull request, enforcing the mesh-admin / application
 * developer split of seed 003 on the server.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMesh as default } from './module';
export { createMeshActions } from './actions/createMeshActions';
export { createGatewayAction } from './actions/createGatewayAction';
export { createCertificateAction } from './actions/createCertificateAction';
export { createAuthorizationPolicyAction } from './actions/createAuthorizationPolicyAction';
export { createPeerAuthenticationAction } from './actions/createPeerAuthenticationAction';
export { createRequestAuthenticationAction } from './actions/createRequestAuthenticationAction';
export { createNamespaceDataPlaneAction } from './actions/createNamespaceDataPlaneAction';
export { createEckAction } from './actions/createEckAction';
export { createPublisherAction } from './actions/createPublisherAction';
export type { PublisherActionOptions } from './actions/createPublisherAction';
export type { RegisteredActions } from './io/RegisteredActions';
export type { MeshActionOptions } from './actions/runMeshAction';
export {
  readMeshScaffolderConfig,
  defaultMeshScaffolderConfig,
} from './config/readMeshScaffolderConfig';
export type { MeshScaffolderConfig } from './config/readMeshScaffolderConfig';
export type { GatewayHostClaims } from './io/GatewayHostClaims';
export { GatewayHostClaimsUnavailableError } from './io/GatewayHostClaims';
export { MeshBackendGatewayHostClaims } from './io/MeshBackendGatewayHostClaims';
export type { HostClaim } from './domain/evaluateAccess';
export { decideRole } from './domain/decideRole';
export type { MeshRole, RoleDecision, RoleInputs } from './domain/decideRole';
export { evaluateAccess } from './domain/evaluateAccess';
export type {
  AccessDecision,
  AccessCheck,
  AccessRule,
  AccessContext,
} from './domain/evaluateAccess';
