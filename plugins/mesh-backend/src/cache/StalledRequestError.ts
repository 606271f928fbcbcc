/**
 * The API server (or something between us and it) sent nothing for longer
 * than the stall timeout. A watch normally carries at least periodic
 * bookmarks, so silence means a half-open connection, not a quiet kind.
 */
export class StalledRequestError extends Error {
  readonly idleMs: number;

  constructor(idleMs: number) {
    super(`no data from the Kubernetes API for ${formatDuration(idleMs)}`);
    this.name = 'StalledRequestError';
    this.idleMs = idleMs;
  }
}

function formatDuration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
