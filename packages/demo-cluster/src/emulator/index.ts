export type { KubeObject, ObjectMeta, PatchType, WatchEvent } from './types';
export {
  resourceTypes,
  findResourceType,
  findResourceTypeByResource,
  groupVersionOf,
  parseApiVersion,
  qualifiedResourceOf,
  resourceTypeId,
} from './resourceTypes';
export type { ResourceType } from './resourceTypes';
export { startKubeEmulator, DEFAULT_EMULATOR_TOKEN } from './startKubeEmulator';
export type { KubeEmulator, KubeEmulatorOptions } from './startKubeEmulator';
export { KubeStore } from './KubeStore';
export type { ObjectRef, StoreListOptions } from './KubeStore';
export { EmulatorControls } from './EmulatorControls';
export type {
  FailureFault,
  StallFault,
  RequestMatcher,
  RequestRecord,
  ResourceRef,
} from './EmulatorControls';
export { KubeStatusError } from './KubeStatusError';
export { DEFAULT_SERVER_VERSION } from './discovery';
export type { ServerVersion } from './discovery';
export { parseLabelSelector } from './labelSelector';
export type { LabelSelector, LabelRequirement } from './labelSelector';
export { parseFieldSelector } from './fieldSelector';
export type { FieldSelector, FieldRequirement } from './fieldSelector';
export { applyMergePatch } from './mergePatch';
export { applyJsonPatch } from './jsonPatch';
export { applyStrategicMergePatch } from './strategicMergePatch';
