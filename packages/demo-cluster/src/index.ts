/**
 * The Meshwise demo cluster: a Kubernetes API emulator, the demo scenario it
 * serves, and a generator of large scenarios for benchmarks.
 *
 * @packageDocumentation
 */
export * from './emulator';
export { startDemoCluster } from './startDemoCluster';
export type { DemoCluster } from './startDemoCluster';
export {
  loadDemoScenario,
  DEMO_SCENARIO_DIR,
} from './scenario/loadDemoScenario';
export type { LoadScenarioOptions } from './scenario/loadDemoScenario';
export {
  generateScenario,
  OLD_ISTIO_VERSION,
  NEW_ISTIO_VERSION,
} from './scenario/generateScenario';
export type {
  GenerateScenarioOptions,
  GeneratedEntity,
  GeneratedScenario,
} from './scenario/generateScenario';
export {
  demoExpectations,
  DEMO_CLUSTER_NAME,
  expectedTimestamp,
} from './scenario/demoExpectations';
export type {
  DemoExpectations,
  ComponentExpectation,
  NamespaceExpectation,
  CertificateExpectation,
  FindingExpectation,
  ExposureExpectation,
  EckExpectation,
  RevisionExpectation,
} from './scenario/demoExpectations';
/** A throwaway TLS pair for 127.0.0.1, to serve the emulator over https in tests. */
export { makeSelfSignedCert } from './emulator/testing';
