/**
 * Types, annotations, permissions and pure analyzers shared by the Meshwise
 * mesh plugins. Isomorphic: nothing here may use Node-only APIs.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './workloadSelection';
