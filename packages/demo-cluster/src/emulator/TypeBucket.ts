import { EventHistory } from './EventHistory';
import { GroupResource } from './KubeStatusError';
import { ObjectFilter } from './objectFilter';
import { ResourceType } from './resourceTypes';
import { SortedKeys } from './SortedKeys';
import { StoredObject, StoreEventType } from './StoredObject';

export type WatchListener = (
  type: StoreEventType,
  stored: StoredObject,
) => void;

export interface Watcher {
  filter: ObjectFilter;
  listener: WatchListener;
}

/** Everything the store keeps for one resource type. */
export class TypeBucket {
  readonly objects = new Map<string, StoredObject>();
  readonly keys = new SortedKeys();
  readonly watchers = new Set<Watcher>();
  readonly history: EventHistory;

  constructor(readonly type: ResourceType, historyCapacity: number) {
    this.history = new EventHistory(historyCapacity);
  }

  get gr(): GroupResource {
    return { group: this.type.group, resource: this.type.plural };
  }
}
