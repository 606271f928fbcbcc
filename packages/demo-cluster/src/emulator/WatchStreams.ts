import type { IncomingMessage, ServerResponse } from 'node:http';
import { Representation } from './contentNegotiation';
import { KubeStatusError } from './KubeStatusError';
import { ObjectStore } from './ObjectStore';
import { StoredObject, StoreEventType } from './StoredObject';
import { WatchRequest } from './watchObjects';
import { objectAt, objectJson } from './render';
import { groupVersionOf, ResourceType } from './resourceTypes';
import { IncludeObject, toTable } from './table';

export interface WatchStreamRequest {
  type: ResourceType;
  version: string;
  watch: WatchRequest;
  representation: Representation;
  include: IncludeObject;
  allowBookmarks: boolean;
  timeoutMs: number;
}

interface ActiveWatch {
  type: ResourceType;
  res: ServerResponse;
  close(): void;
  /** Writes what was held back while the streams were stalled. */
  release(): void;
}

/** Lines written per chunk when sending the synthetic initial events. */
const INITIAL_BATCH = 500;

/**
 * The open watch streams: newline-delimited JSON `WatchEvent`s on a chunked response,
 * periodic BOOKMARKs when asked for, ERROR 410 when the history is too short, and a
 * clean end at `timeoutSeconds`.
 */
export class WatchStreams {
  private readonly active = new Set<ActiveWatch>();
  /** Until this time (epoch ms) open streams send nothing: a stalled watch. */
  private heldUntil = 0;
  private releaseTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: ObjectStore,
    private readonly bookmarkIntervalMs: number,
  ) {}

  get size(): number {
    return this.active.size;
  }

  /**
   * Stalls every open stream for `ms`: events and bookmarks are held back
   * (no byte is sent, as from a stuck server or proxy) and then sent in order.
   */
  hold(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, Date.now() + ms);
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      this.heldUntil = 0;
      for (const watch of [...this.active]) watch.release();
    }, this.heldUntil - Date.now());
    this.releaseTimer.unref();
  }

  serve(
    req: IncomingMessage,
    res: ServerResponse,
    request: WatchStreamRequest,
  ): void {
    const { type, version, representation } = request;
    const encode = (eventType: string, stored: StoredObject): string => {
      if (representation.as === 'object') {
        return `{"type":"${eventType}","object":${objectJson(
          type,
          stored,
          version,
        )}}\n`;
      }
      const obj = objectAt(type, stored, version);
      const object =
        representation.as === 'Table'
          ? toTable(type, [obj], {
              apiVersion: representation.apiVersion,
              include: request.include,
            })
          : {
              kind: 'PartialObjectMetadata',
              apiVersion: representation.apiVersion,
              metadata: obj.metadata,
            };
      return `${JSON.stringify({ type: eventType, object })}\n`;
    };
    const bookmark = (initialEventsEnd: boolean): string => {
      const metadata: Record<string, unknown> = {
        resourceVersion: String(this.store.resourceVersion),
      };
      if (initialEventsEnd)
        metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
      return `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: type.kind,
          apiVersion: groupVersionOf(type.group, version),
          metadata,
        },
      })}\n`;
    };

    let pending: string[] | undefined = [];
    let held: string[] = [];
    const send = (line: string) => {
      if (Date.now() < this.heldUntil) held.push(line);
      else res.write(line);
    };
    const listener = (eventType: StoreEventType, stored: StoredObject) => {
      const line = encode(eventType, stored);
      if (pending) pending.push(line);
      else send(line);
    };

    let start;
    try {
      start = this.store.watch(type, request.watch, listener);
    } catch (e) {
      if (e instanceof KubeStatusError && e.code === 410) {
        // The real watch cache answers 200 and sends the expiry as an ERROR event.
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-cache, private',
        });
        res.end(`${JSON.stringify({ type: 'ERROR', object: e.toStatus() })}\n`);
        return;
      }
      throw e;
    }

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();

    for (let i = 0; i < start.initial.length; i += INITIAL_BATCH) {
      res.write(
        start.initial
          .slice(i, i + INITIAL_BATCH)
          .map(s => encode('ADDED', s))
          .join(''),
      );
    }
    if (start.replay.length > 0) {
      res.write(start.replay.map(e => encode(e.type, e.stored)).join(''));
    }
    if (request.watch.sendInitialEvents === true) res.write(bookmark(true));
    const buffered = pending;
    pending = undefined;
    if (buffered.length > 0) res.write(buffered.join(''));

    const timers: NodeJS.Timeout[] = [];
    let closed = false;
    const active: ActiveWatch = {
      type,
      res,
      release: () => {
        if (held.length === 0 || closed) return;
        res.write(held.join(''));
        held = [];
      },
      close: () => {
        if (closed) return;
        closed = true;
        start.stop();
        for (const t of timers) clearTimeout(t);
        this.active.delete(active);
      },
    };
    this.active.add(active);
    if (request.allowBookmarks && this.bookmarkIntervalMs > 0) {
      const interval = setInterval(
        () => send(bookmark(false)),
        this.bookmarkIntervalMs,
      );
      interval.unref();
      timers.push(interval);
    }
    const timeout = setTimeout(() => {
      active.close();
      res.end();
    }, request.timeoutMs);
    timeout.unref();
    timers.push(timeout);
    res.on('close', active.close);
    req.on('close', active.close);
  }

  /** Closes the sockets (no final event, like a dropped connection). */
  drop(type?: ResourceType): number {
    let n = 0;
    for (const watch of [...this.active]) {
      if (type && watch.type !== type) continue;
      watch.close();
      watch.res.socket?.destroy();
      n++;
    }
    return n;
  }

  /** Ends the streams cleanly (the server closing them, e.g. the CRD went away). */
  end(type?: ResourceType): void {
    for (const watch of [...this.active]) {
      if (type && watch.type !== type) continue;
      watch.close();
      watch.res.end();
    }
  }
}
