// Test-only: a ClusterView that records which kinds a computation reads.
import { kindKey, kindOfObject, Kinds, WATCHED_KINDS } from '../kinds';
import { KindRef } from '../types/kube';
import { ClusterView } from '../view/ClusterView';

/** Methods whose first argument is the kind they read. */
const BY_KIND_ARGUMENT = new Set([
  'list',
  'get',
  'namespacesWith',
  'selectByLabels',
  'kindState',
  'kindVersion',
]);

/**
 * Wraps a view so that every read names its kind in `reads` (`group/Kind`):
 * lookups by kind, namespaces, the Services selecting a pod, owners by uid
 * (the kind of the owner found), and whole-view reads as every kind.
 */
export function recordingView(view: ClusterView): {
  view: ClusterView;
  reads: Set<string>;
} {
  const reads = new Set<string>();
  const record = (kind: KindRef) => reads.add(kindKey(kind));
  const recorded = new Proxy(view, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const name = String(property);
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (BY_KIND_ARGUMENT.has(name)) record(args[0] as KindRef);
        else if (name === 'namespace') record(Kinds.Namespace);
        else if (name === 'servicesSelecting') record(Kinds.Service);
        else if (name === 'byUid' && result) {
          const kind = kindOfObject(result);
          if (kind) record(kind);
        } else if (name === 'kindStates' || name === 'version') {
          WATCHED_KINDS.forEach(record);
        }
        return result;
      };
    },
  });
  return { view: recorded, reads };
}
