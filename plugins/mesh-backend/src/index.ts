/**
 * Meshwise backend plugin: reads Istio, ECK and cert-manager state from the
 * Kubernetes API and serves mesh status and findings.
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
