import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the mesh and ECK status of one catalog entity. A resource permission on
 * the catalog entity, so a portal's policy can answer it with catalog rules
 * (for example "owners only").
 */
export const meshStatusReadPermission = createPermission({
  name: 'mesh.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Read the fleet-wide dashboard data: summaries, all findings, cluster sync state. */
export const meshFleetReadPermission = createPermission({
  name: 'mesh.fleet.read',
  attributes: { action: 'read' },
});

/**
 * Generate mesh-admin-owned configuration: anything in the root namespace
 * (istio-system) other than a team's Certificate request, mesh-wide or namespace
 * PeerAuthentication, RequestAuthentication, the ingress JWT DENY policy and
 * namespace injection / revision / ambient labels (seed 003, "mesh admin").
 */
export const meshAdminConfigCreatePermission = createPermission({
  name: 'mesh.config.admin.create',
  attributes: { action: 'create' },
});

/**
 * Generate team-owned mesh configuration (Gateway, VirtualService,
 * AuthorizationPolicy with a selector, Certificate request) in the namespaces
 * the caller's team owns (seed 003, "application developer").
 */
export const meshTeamConfigCreatePermission = createPermission({
  name: 'mesh.config.team.create',
  attributes: { action: 'create' },
});

/** Every permission the mesh plugins define, for a portal's policy and the permission integration router. */
export const meshPermissions = [
  meshStatusReadPermission,
  meshFleetReadPermission,
  meshAdminConfigCreatePermission,
  meshTeamConfigCreatePermission,
];
