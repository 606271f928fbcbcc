import { KindRef, KubeObject, LabelSelector } from '../types/kube';
import { KindSyncState } from '../types/sync';

/**
 * Read-only queries over one cluster's cached objects. Every lookup is served
 * from indexes; nothing scans the whole cluster per call.
 *
 * Namespaced kinds are addressed by namespace; cluster-scoped kinds
 * (Namespace, ClusterIssuer, MutatingWebhookConfiguration) use `undefined`.
 */
export interface ClusterView {
  readonly cluster: string;

  /** Objects of a kind, in one namespace or (namespace undefined) everywhere. */
  list(kind: KindRef, namespace?: string): readonly KubeObject[];
  get(
    kind: KindRef,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Namespace names that hold at least one object of the kind. */
  namespacesWith(kind: KindRef): readonly string[];

  namespace(name: string): KubeObject | undefined;

  /**
   * Objects of a kind whose labels match the selector (Kubernetes semantics),
   * in one namespace or everywhere. An empty selector matches every object.
   */
  selectByLabels(
    kind: KindRef,
    namespace: string | undefined,
    selector: LabelSelector,
  ): readonly KubeObject[];

  /** Services in the pod's namespace whose (non-empty) selector matches the pod. */
  servicesSelecting(pod: KubeObject): readonly KubeObject[];

  /** The object with this uid, of any kind that can own others (not a Pod): to follow ownerReferences. */
  byUid(uid: string): KubeObject | undefined;

  kindState(kind: KindRef): KindSyncState;
  kindStates(): readonly KindSyncState[];

  /**
   * A counter that changes whenever objects of the kind (or its state) change.
   * Derived indexes are cached against it.
   */
  kindVersion(kind: KindRef): number;

  /** A counter that changes whenever anything in the view changes. */
  version(): number;
}
