import { KubeStatusError } from './KubeStatusError';
import { ObjectStore } from './ObjectStore';
import { findResourceType } from './resourceTypes';
import { StoredObject } from './StoredObject';
import { ObjectStoreOptions } from './StoreState';
import { KubeObject } from './types';

export const pods = findResourceType('v1', 'Pod')!;
export const namespaces = findResourceType('v1', 'Namespace')!;
export const configMaps = findResourceType('v1', 'ConfigMap')!;
export const peerAuth = findResourceType(
  'security.istio.io/v1',
  'PeerAuthentication',
)!;

export function ns(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Running' },
  };
}

/** The Status a call throws; fails when it throws nothing or something else. */
export function statusOf(fn: () => unknown): {
  code: number;
  reason: string;
  message: string;
} {
  try {
    fn();
  } catch (e) {
    if (e instanceof KubeStatusError)
      return { code: e.code, reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected a KubeStatusError');
}

export const names = (items: StoredObject[]) =>
  items.map(s => `${s.obj.metadata.namespace}/${s.obj.metadata.name}`);

/** A store with namespaces a and b and `count` pods alternating between them. */
export function seeded(
  count: number,
  options: ObjectStoreOptions = {},
): ObjectStore {
  const store = new ObjectStore(options);
  const objects: KubeObject[] = [ns('a'), ns('b')];
  for (let i = 0; i < count; i++)
    objects.push(
      pod(i % 2 ? 'a' : 'b', `p${String(i).padStart(3, '0')}`, {
        idx: String(i % 3),
      }),
    );
  store.load(objects, { initial: true });
  return store;
}
