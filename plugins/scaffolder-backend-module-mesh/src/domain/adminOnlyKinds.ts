import type { ManifestKind } from './Manifest';

/**
 * Kinds only mesh admins may generate, wherever they live (seed 003 "Mesh
 * Admin"): evaluateAccess refuses them to developers and planManifestPaths
 * always puts them under the mesh-admin path.
 */
export const ADMIN_ONLY_KINDS: ReadonlySet<ManifestKind> =
  new Set<ManifestKind>([
    'PeerAuthentication',
    'RequestAuthentication',
    'Namespace',
  ]);
