/**
 * Why a value could not be determined. `unknown` is a first-class value in the
 * status model: missing data is never shown as healthy.
 *
 * - `forbidden`: the portal's credentials may not list the kind (403).
 * - `notInstalled`: the kind's CRD is not served by the cluster (404).
 * - `stale`: the cache lost its watch and has not re-listed yet.
 * - `error`: listing or watching failed for another reason.
 * - `pending`: the kind has not been listed yet.
 * - `notWatched`: the kind is not read by configuration (a choice, not a fault).
 * - `missingData`: the objects are there but lack the fields needed.
 */
export type UnknownReason =
  | 'forbidden'
  | 'notInstalled'
  | 'stale'
  | 'error'
  | 'pending'
  | 'notWatched'
  | 'missingData';

export interface UnknownInfo {
  reason: UnknownReason;
  /** One line a person can act on, e.g. "PeerAuthentication (security.istio.io) is forbidden: ...". */
  message: string;
  /** The kinds whose state made the value unknown, as `group/Kind`. */
  kinds?: string[];
  /** When the underlying kind entered this state (ISO 8601), when known. */
  since?: string;
}
