import { StoredObject, StoreEventType } from './StoredObject';

export interface HistoryEvent {
  rv: number;
  type: StoreEventType;
  key: string;
  stored: StoredObject;
  /** The state before the event (null: the object did not exist), to rebuild past snapshots. */
  prev: StoredObject | null;
}

/**
 * The bounded window of past events of one type (the real server's watch cache).
 * Watches resume from it and paged lists rebuild their first page's snapshot from
 * it; a resourceVersion older than the window is 410 Gone.
 */
export class EventHistory {
  /** Every event with an rv above this is still kept. */
  startRv = 0;
  private events: HistoryEvent[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  /** Whether every event after `rv` is still kept. */
  reaches(rv: number): boolean {
    return rv >= this.startRv;
  }

  record(event: HistoryEvent): void {
    this.events.push(event);
    while (this.events.length - this.head > this.capacity) {
      this.startRv = this.events[this.head].rv;
      this.head++;
    }
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Events with rv > `rv`, oldest first. Callers check `reaches(rv)` first. */
  eventsAfter(rv: number): HistoryEvent[] {
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }

  /** Forgets every event: resourceVersions up to `rv` can no longer be resumed from. */
  reset(rv: number): void {
    this.events = [];
    this.head = 0;
    this.startRv = rv;
  }
}
