import type { OwnerReference } from '@meshwise/plugin-mesh-common';
import type { KubeObject, ObjectMeta } from '../emulator/types';

/**
 * A manifest of the scenario (or an entity of its catalog): a `KubeObject` that
 * always has a name, because the scenario addresses objects by name, and whose
 * spec and status builders and tests read without a cast per field.
 */
export type ScenarioObject = KubeObject & {
  metadata: ObjectMeta & { name: string };
  spec?: Record<string, any>;
  status?: Record<string, any>;
};

/** The owner reference a controller writes: every identifying field set. */
export type ScenarioOwnerReference = OwnerReference & {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
};
