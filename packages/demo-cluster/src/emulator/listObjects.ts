import {
  ContinueToken,
  decodeContinueToken,
  encodeContinueToken,
} from './continueToken';
import {
  badRequest,
  expired,
  tooLargeResourceVersion,
} from './KubeStatusError';
import {
  hasSelectors,
  matchesFilter,
  ObjectFilter,
  validateFieldSelector,
} from './objectFilter';
import { ResourceType } from './resourceTypes';
import { prefixEnd } from './SortedKeys';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { TypeBucket } from './TypeBucket';

export interface ListRequest extends ObjectFilter {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: StoredObject[];
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

export function parseResourceVersion(text: string): number {
  if (!/^\d+$/.test(text))
    throw badRequest(`invalid resourceVersion: "${text}"`);
  return Number(text);
}

/**
 * List semantics of the real server:
 * - no resourceVersion: the latest state ("most recent"), paged with `limit`;
 * - `resourceVersion=0`: any state, served like the watch cache: `limit` ignored;
 * - `resourceVersion=N` with `resourceVersionMatch=NotOlderThan` (or no match and no
 *   limit): the latest state, 504 if N is in the future;
 * - `resourceVersion=N` with `resourceVersionMatch=Exact` (or no match with a limit):
 *   the state at N, rebuilt from the event history; 410 when N is older than it;
 * - `continue`: the next page of the same snapshot (the first page's rv). When the
 *   history no longer reaches back that far: 410 Expired, with a token that continues
 *   inconsistently from the current state, like the real server after compaction.
 */
export function listObjects(
  state: StoreState,
  type: ResourceType,
  request: ListRequest,
): ListResult {
  const bucket = state.bucket(type);
  const currentRv = state.resourceVersion;
  const filter = request.fieldSelector;
  if (filter) validateFieldSelector(type, filter);
  let readRv = currentRv;
  let limit = request.limit && request.limit > 0 ? request.limit : undefined;
  let startKey: string | undefined;
  const rvText = request.resourceVersion;
  const match = request.resourceVersionMatch;
  if (
    match !== undefined &&
    match !== '' &&
    match !== 'Exact' &&
    match !== 'NotOlderThan'
  ) {
    throw badRequest(
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
  }
  if (request.continue) {
    if (rvText !== undefined && rvText !== '' && rvText !== '0') {
      throw badRequest(
        'specifying resource version is not allowed when using continue',
      );
    }
    if (match)
      throw badRequest(
        'resourceVersionMatch is forbidden when continue is provided',
      );
    const token: ContinueToken = decodeContinueToken(request.continue);
    startKey = token.start;
    readRv = token.rv;
    if (!bucket.history.reaches(readRv) && readRv < currentRv) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        encodeContinueToken({ rv: currentRv, start: token.start }),
      );
    }
  } else if (rvText === undefined || rvText === '') {
    if (match)
      throw badRequest(
        'resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
  } else if (rvText === '0') {
    if (match === 'Exact')
      throw badRequest(
        'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
    limit = undefined;
  } else {
    const requested = parseResourceVersion(rvText);
    if (requested > currentRv)
      throw tooLargeResourceVersion(requested, currentRv);
    const exact = match === 'Exact' || (!match && limit !== undefined);
    if (exact) {
      if (!bucket.history.reaches(requested) && requested < currentRv) {
        throw expired('The resourceVersion for the provided list is too old.');
      }
      readRv = requested;
    }
  }
  return readSnapshot(state, bucket, request, readRv, startKey, limit);
}

/**
 * One page of the objects as they were at `readRv`, from `startKey` on: the current
 * keys, corrected by the history for whatever changed since.
 */
export function readSnapshot(
  state: StoreState,
  bucket: TypeBucket,
  request: ObjectFilter,
  readRv: number,
  startKey: string | undefined,
  limit: number | undefined,
): ListResult {
  const type = bucket.type;
  const prefix =
    type.namespaced && request.namespace !== undefined
      ? `${request.namespace}/`
      : '';
  const rangeEnd = prefixEnd(prefix);
  const from = startKey !== undefined && startKey > prefix ? startKey : prefix;
  const overrides = snapshotOverrides(state, bucket, readRv);
  // Keys that existed at readRv but are gone now, merged into the walk in order.
  const extra = [...overrides.entries()]
    .filter(
      ([key, prev]) =>
        prev !== null &&
        !bucket.objects.has(key) &&
        key >= from &&
        key < rangeEnd,
    )
    .map(([key]) => key)
    .sort();
  const keys = bucket.keys;
  let i = keys.lowerBound(from);
  let j = 0;
  const nextKey = (): string | undefined => {
    const a = i < keys.size ? keys.at(i) : undefined;
    const inRange = a !== undefined && a < rangeEnd ? a : undefined;
    const b = j < extra.length ? extra[j] : undefined;
    if (inRange === undefined && b === undefined) return undefined;
    if (b === undefined || (inRange !== undefined && inRange < b)) {
      i++;
      return inRange;
    }
    j++;
    return b;
  };
  const stateAt = (key: string): StoredObject | undefined => {
    if (overrides.has(key)) return overrides.get(key) ?? undefined;
    return bucket.objects.get(key);
  };
  const items: StoredObject[] = [];
  // The namespace is already the key prefix.
  const filter: ObjectFilter = {
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
  };
  const selective = hasSelectors(filter);
  let lastKey: string | undefined;
  let more = false;
  for (let key = nextKey(); key !== undefined; key = nextKey()) {
    const stored = stateAt(key);
    if (!stored) continue;
    if (limit !== undefined && items.length >= limit) {
      more = true;
      break;
    }
    lastKey = key;
    if (!selective || matchesFilter(type, stored.obj, filter))
      items.push(stored);
  }
  const result: ListResult = { items, resourceVersion: readRv };
  if (more && lastKey !== undefined) {
    result.continue = encodeContinueToken({
      rv: readRv,
      start: `${lastKey}\u0000`,
    });
    if (!selective) {
      result.remainingItemCount = countAfter(
        bucket,
        overrides,
        lastKey,
        rangeEnd,
      );
    }
  }
  return result;
}

/** The state of the keys changed after `rv`, as it was at `rv` (null: did not exist). */
function snapshotOverrides(
  state: StoreState,
  bucket: TypeBucket,
  rv: number,
): Map<string, StoredObject | null> {
  const overrides = new Map<string, StoredObject | null>();
  if (rv >= state.resourceVersion) return overrides;
  for (const event of bucket.history.eventsAfter(rv)) {
    if (!overrides.has(event.key)) overrides.set(event.key, event.prev);
  }
  return overrides;
}

function countAfter(
  bucket: TypeBucket,
  overrides: Map<string, StoredObject | null>,
  lastKey: string,
  rangeEnd: string,
): number {
  const after = `${lastKey}\u0000`;
  let count = bucket.keys.lowerBound(rangeEnd) - bucket.keys.lowerBound(after);
  for (const [key, prev] of overrides) {
    if (key < after || key >= rangeEnd) continue;
    const present = bucket.objects.has(key);
    if (present && prev === null) count--;
    if (!present && prev !== null) count++;
  }
  return count;
}
