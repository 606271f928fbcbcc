import { ResourceType } from './resourceTypes';
import { KubeObject } from './types';

/** How much of each object a Table row carries (`?includeObject=`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell(obj: KubeObject, now: Date): unknown;
}

/** Like apimachinery's `duration.HumanDuration`, as the server's printers use for Age. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0
      ? `${Math.floor(hours / 24 / 365)}y`
      : `${Math.floor(hours / 24 / 365)}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

const get = (obj: unknown, path: string): any =>
  path
    .split('.')
    .reduce<any>(
      (node, part) =>
        node === null || node === undefined ? undefined : node[part],
      obj,
    );

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Cannot be updated.',
  priority: 0,
  cell: obj => obj.metadata.name,
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (obj, now) =>
    obj.metadata.creationTimestamp
      ? humanDuration(
          now.getTime() - Date.parse(obj.metadata.creationTimestamp),
        )
      : '<unknown>',
};

function column(
  name: string,
  type: string,
  cell: Column['cell'],
  priority = 0,
): Column {
  return { name, type, format: '', description: name, priority, cell };
}

function podReady(obj: KubeObject): string {
  const statuses: any[] = get(obj, 'status.containerStatuses') ?? [];
  const total = (get(obj, 'spec.containers') ?? []).length;
  return `${statuses.filter(s => s.ready).length}/${total}`;
}

function servicePorts(obj: KubeObject): string {
  const ports: any[] = get(obj, 'spec.ports') ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map(
      p =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

/** Columns like the real server's printers for common kinds; Name + Age otherwise. */
function columnsFor(type: ResourceType): Column[] {
  switch (`${type.group}/${type.plural}`) {
    case '/pods':
      return [
        nameColumn,
        column('Ready', 'string', podReady),
        column('Status', 'string', o => get(o, 'status.phase') ?? 'Pending'),
        column('Restarts', 'string', o =>
          String(
            (get(o, 'status.containerStatuses') ?? []).reduce(
              (n: number, s: any) => n + (s.restartCount ?? 0),
              0,
            ),
          ),
        ),
        ageColumn,
        column('IP', 'string', o => get(o, 'status.podIP') ?? '<none>', 1),
        column('Node', 'string', o => get(o, 'spec.nodeName') ?? '<none>', 1),
      ];
    case '/services':
      return [
        nameColumn,
        column('Type', 'string', o => get(o, 'spec.type') ?? 'ClusterIP'),
        column(
          'Cluster-IP',
          'string',
          o => get(o, 'spec.clusterIP') ?? '<none>',
        ),
        column(
          'External-IP',
          'string',
          o =>
            (get(o, 'status.loadBalancer.ingress') ?? [])
              .map((i: any) => i.ip ?? i.hostname)
              .join(',') || '<none>',
        ),
        column('Port(s)', 'string', servicePorts),
        ageColumn,
      ];
    case 'apps/deployments':
      return [
        nameColumn,
        column(
          'Ready',
          'string',
          o =>
            `${get(o, 'status.readyReplicas') ?? 0}/${
              get(o, 'spec.replicas') ?? 1
            }`,
        ),
        column(
          'Up-to-date',
          'integer',
          o => get(o, 'status.updatedReplicas') ?? 0,
        ),
        column(
          'Available',
          'integer',
          o => get(o, 'status.availableReplicas') ?? 0,
        ),
        ageColumn,
      ];
    case '/namespaces':
      return [
        nameColumn,
        column('Status', 'string', o => get(o, 'status.phase') ?? 'Active'),
        ageColumn,
      ];
    case '/configmaps':
      return [
        nameColumn,
        column(
          'Data',
          'integer',
          o =>
            Object.keys(get(o, 'data') ?? {}).length +
            Object.keys(get(o, 'binaryData') ?? {}).length,
        ),
        ageColumn,
      ];
    case '/secrets':
      return [
        nameColumn,
        column('Type', 'string', o => get(o, 'type') ?? 'Opaque'),
        column(
          'Data',
          'integer',
          o => Object.keys(get(o, 'data') ?? {}).length,
        ),
        ageColumn,
      ];
    default:
      return [nameColumn, ageColumn];
  }
}

function rowObject(
  obj: KubeObject,
  include: IncludeObject,
): Record<string, unknown> | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: obj.metadata,
  };
}

/** A `meta.k8s.io` Table of `objects`, as served for `Accept: ...;as=Table`. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  options: {
    apiVersion: string;
    include: IncludeObject;
    listMeta?: Record<string, unknown>;
    now?: Date;
    withColumns?: boolean;
  },
): Record<string, unknown> {
  const columns = columnsFor(type);
  const now = options.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: options.apiVersion,
    metadata: options.listMeta ?? {},
    columnDefinitions:
      options.withColumns === false
        ? null
        : columns.map(({ cell, ...definition }) => definition),
    rows: objects.map(obj => {
      const row: Record<string, unknown> = {
        cells: columns.map(c => c.cell(obj, now)),
      };
      const object = rowObject(obj, options.include);
      if (object) row.object = object;
      return row;
    }),
  };
}
