/**
 * Meshwise backend plugin: reads Istio, ECK and cert-manager state from the
 * Kubernetes API and serves mesh status and findings.
 *
 * The package exports the plugin only; it has no extension points. Scripts
 * and benchmarks that drive the services in-process import them from their
 * source files (see the README, "In-process use").
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
