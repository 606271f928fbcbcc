import { ResponseError } from '@backstage/errors';

/**
 * A trend request's outcome for the UI. History switched off
 * (`mesh.history.enabled: false`, answered 404) is a setting, not a fault:
 * it is shown as such, apart from real errors.
 */
export type HistoryOutcome<T> =
  | { state: 'loading' }
  | { state: 'off' }
  | { state: 'error'; error: Error }
  | { state: 'ready'; value: T };

/** The backend's 404 for history that is off names the setting. */
export function isHistoryOff(error: unknown): boolean {
  return (
    error instanceof ResponseError &&
    error.statusCode === 404 &&
    /history is off/i.test(error.body?.error?.message ?? error.message)
  );
}

export function historyOutcome<T>(async: {
  loading: boolean;
  error?: Error;
  value?: T;
}): HistoryOutcome<T> {
  if (async.loading) return { state: 'loading' };
  if (async.error) {
    return isHistoryOff(async.error)
      ? { state: 'off' }
      : { state: 'error', error: async.error };
  }
  if (async.value === undefined) {
    return { state: 'error', error: new Error('No history') };
  }
  return { state: 'ready', value: async.value };
}
