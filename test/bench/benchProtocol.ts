/*
 * What the benchmark's processes say to each other: the parent writes JSON
 * lines on a child's stdin and reads JSON lines from its stdout. Each child
 * prints one ready line first, then one reply per command (matched by `id`).
 * A child exits when its stdin ends, so a parent that dies takes its
 * children with it.
 */
import type { KubeObject, ObjectRef, PatchType } from '@meshwise/demo-cluster';

/** One emulated cluster served by the cluster host. */
export interface BenchCluster {
  name: string;
  url: string;
  token: string;
  objects: number;
  pods: number;
  /** Workloads (top-level pod controllers, bare pods) the analyzers should find. */
  workloads: number;
}

/** The cluster host's ready line. */
export interface ClusterHostReady {
  clusters: BenchCluster[];
}

/** A write the cluster host applies to one cluster's store (watch events follow). */
export type ClusterCommand =
  | { id: number; op: 'delete'; cluster: string; ref: ObjectRef }
  | { id: number; op: 'put'; cluster: string; object: KubeObject }
  | {
      id: number;
      op: 'patch';
      cluster: string;
      ref: ObjectRef;
      patch: unknown;
      patchType?: PatchType;
    }
  | { id: number; op: 'get'; cluster: string; ref: ObjectRef };

/** Which backend a backend host runs (`baseline`: the harness, no plugin). */
export type BackendKind = 'mesh' | 'kubernetes' | 'baseline';

/** The backend host's ready line. */
export interface BackendHostReady {
  port: number;
  /** Wall-clock ms (performance.timeOrigin + now) just before the backend started. */
  startingAt: number;
  /** Wall-clock ms when `startTestBackend` returned (plugins initialised, listening). */
  listeningAt: number;
}

/** Asks a backend host for its memory figures, optionally after a full GC. */
export type BackendCommand = { id: number; op: 'memory'; gc: boolean };

/** `process.memoryUsage()` of a backend host, in MiB. */
export interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** V8's heap ceiling (`--max-old-space-size`, or what Node derived from the memory it sees). */
  heapLimitMb: number;
}

/** A reply to any command: the result, or why it failed. */
export type CommandReply =
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; error: string };
