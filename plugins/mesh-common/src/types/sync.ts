/**
 * The cache's state for one kind. Anything but `synced` makes the values that
 * depend on the kind `unknown` (with this reason), never healthy.
 *
 * - `stale`: the kind was listed, but its list or watch is failing now (or
 *   the cluster cannot be reached): its objects are the last known ones, as
 *   of `since`.
 * - `notWatched`: not read by configuration (a deliberate choice, such as
 *   Secrets with `mesh.readSecretMetadata` off), not a fault.
 */
export type KindSyncStatus =
  | 'synced'
  | 'pending'
  | 'forbidden'
  | 'notInstalled'
  | 'notWatched'
  | 'error'
  | 'stale';

export interface KindSyncState {
  group: string;
  kind: string;
  status: KindSyncStatus;
  /** Why, in one line (the API's message for 403/404/errors). */
  reason?: string;
  /**
   * ISO 8601 time the kind entered this state. For `stale`, the time its
   * objects were last known to be current: their age is measured from it.
   */
  since: string;
}
