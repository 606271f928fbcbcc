import { HistoryEvent } from './EventHistory';
import { expired, tooLargeResourceVersion } from './KubeStatusError';
import { parseResourceVersion, readSnapshot } from './listObjects';
import {
  matchesFilter,
  ObjectFilter,
  validateFieldSelector,
} from './objectFilter';
import { withResourceVersion } from './objectEnvelope';
import { ResourceType } from './resourceTypes';
import { StoredObject, StoreEventType } from './StoredObject';
import { StoreState } from './StoreState';
import { TypeBucket, Watcher, WatchListener } from './TypeBucket';

export interface WatchRequest extends ObjectFilter {
  resourceVersion?: string;
  sendInitialEvents?: boolean;
}

export interface WatchStart {
  /** Synthetic ADDED events for the current state (resourceVersion unset/0 or sendInitialEvents). */
  initial: StoredObject[];
  /** Events from the history after the requested resourceVersion. */
  replay: Array<{ type: StoreEventType; stored: StoredObject }>;
  /** The resourceVersion the watch is consistent at once `initial` and `replay` are sent. */
  startRv: number;
  stop(): void;
}

/**
 * Starts a watch. Semantics as the real watch cache: resourceVersion unset or "0"
 * (or `sendInitialEvents`) → synthetic ADDED for the current state, then live events;
 * resourceVersion N → every event after N, then live; 410 when N is older than the
 * history kept for the type. Objects that stop matching the selectors are sent as
 * DELETED, objects that start matching as ADDED.
 */
export function startWatch(
  state: StoreState,
  type: ResourceType,
  request: WatchRequest,
  listener: WatchListener,
): WatchStart {
  const bucket = state.bucket(type);
  const currentRv = state.resourceVersion;
  if (request.fieldSelector) validateFieldSelector(type, request.fieldSelector);
  const filter: ObjectFilter = {
    namespace: type.namespaced ? request.namespace : undefined,
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
  };
  const rvText = request.resourceVersion ?? '';
  let initial: StoredObject[] = [];
  const replay: WatchStart['replay'] = [];
  const fromState = rvText === '' || rvText === '0';
  if (
    request.sendInitialEvents === true ||
    (fromState && request.sendInitialEvents !== false)
  ) {
    if (!fromState) {
      const requested = parseResourceVersion(rvText);
      if (requested > currentRv)
        throw tooLargeResourceVersion(requested, currentRv);
    }
    initial = readSnapshot(
      state,
      bucket,
      filter,
      currentRv,
      undefined,
      undefined,
    ).items.filter(
      s =>
        filter.namespace === undefined ||
        s.obj.metadata.namespace === filter.namespace,
    );
  } else if (!fromState) {
    const requested = parseResourceVersion(rvText);
    if (!bucket.history.reaches(requested)) {
      throw expired(
        `too old resource version: ${requested} (${bucket.history.startRv})`,
      );
    }
    for (const event of bucket.history.eventsAfter(requested)) {
      const translated = translate(type, filter, event);
      if (translated) replay.push(translated);
    }
  }
  // A watch from a future resourceVersion only sees events after it.
  const floor = fromState ? 0 : parseResourceVersion(rvText);
  const watcher: Watcher = {
    filter,
    listener:
      floor > currentRv ? (t, s) => s.rv > floor && listener(t, s) : listener,
  };
  bucket.watchers.add(watcher);
  return {
    initial,
    replay,
    startRv: currentRv,
    stop: () => {
      bucket.watchers.delete(watcher);
    },
  };
}

/** Keeps a write's event in the type's history and hands it to the open watches. */
export function publishEvent(bucket: TypeBucket, event: HistoryEvent): void {
  bucket.history.record(event);
  for (const watcher of bucket.watchers) {
    const translated = translate(bucket.type, watcher.filter, event);
    if (translated) watcher.listener(translated.type, translated.stored);
  }
}

/** What a watcher with `filter` sees of an event (the real cacher's rules). */
function translate(
  type: ResourceType,
  filter: ObjectFilter,
  event: HistoryEvent,
): { type: StoreEventType; stored: StoredObject } | undefined {
  const { stored, prev } = event;
  const cur =
    event.type !== 'DELETED' && matchesFilter(type, stored.obj, filter);
  const old =
    event.type === 'DELETED'
      ? matchesFilter(type, stored.obj, filter)
      : prev !== null && matchesFilter(type, prev.obj, filter);
  if (event.type === 'DELETED')
    return old ? { type: 'DELETED', stored } : undefined;
  if (cur && old) return { type: 'MODIFIED', stored };
  if (cur) return { type: 'ADDED', stored };
  if (old && prev) {
    // The previous content, stamped with the event's resourceVersion.
    return {
      type: 'DELETED',
      stored: {
        key: prev.key,
        obj: withResourceVersion(prev.obj, stored.rv),
        rv: stored.rv,
      },
    };
  }
  return undefined;
}
