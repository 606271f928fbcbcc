/**
 * The cache's state for one kind. Anything but `synced` makes the values that
 * depend on the kind `unknown` (with this reason), never healthy.
 */
export type KindSyncStatus =
  | 'synced'
  | 'pending'
  | 'forbidden'
  | 'notInstalled'
  | 'error'
  | 'stale';

export interface KindSyncState {
  group: string;
  kind: string;
  status: KindSyncStatus;
  /** Why, in one line (the API's message for 403/404/errors). */
  reason?: string;
  /** ISO 8601 time the kind entered this state. */
  since: string;
}
