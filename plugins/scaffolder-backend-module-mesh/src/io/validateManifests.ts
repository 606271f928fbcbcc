import { InputError } from '@backstage/errors';
import type { Manifest } from '../domain/Manifest';
import { describeManifest } from '../domain/Manifest';

interface ModelClass {
  new (data: unknown): { validate(): void; toJSON(): unknown };
}

type ModelRegistry = Map<string, ModelClass>;

let registry: Promise<ModelRegistry> | undefined;

/**
 * The @kubernetes-models packages are ESM-only (their `exports` have only an
 * `import` condition), so they are loaded with a real dynamic import rather
 * than a require from this CommonJS-compiled package. Under jest this needs
 * `--experimental-vm-modules`.
 */
function loadModels(): Promise<ModelRegistry> {
  registry ??= (async () => {
    // One at a time: the packages share module graphs, and jest's ESM
    // linker fails on concurrent imports of the same modules.
    const istioNet = await import(
      '@kubernetes-models/istio/networking.istio.io/v1'
    );
    const istioSec = await import(
      '@kubernetes-models/istio/security.istio.io/v1'
    );
    const certManager = await import(
      '@kubernetes-models/cert-manager/cert-manager.io/v1'
    );
    const gatewayApi = await import(
      '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1'
    );
    const classes: ModelClass[] = [
      istioNet.Gateway,
      istioNet.VirtualService,
      istioNet.DestinationRule,
      istioSec.AuthorizationPolicy,
      istioSec.PeerAuthentication,
      istioSec.RequestAuthentication,
      certManager.Certificate,
      gatewayApi.Gateway,
      gatewayApi.HTTPRoute,
    ] as unknown as ModelClass[];
    return new Map(
      classes.map(c => {
        const meta = c as unknown as { apiVersion: string; kind: string };
        return [`${meta.apiVersion}/${meta.kind}`, c];
      }),
    );
  })();
  registry.catch(() => {
    registry = undefined;
  });
  return registry;
}

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks the ECK and core objects that have no model class. */
function validatePlainManifest(manifest: Manifest) {
  const name = manifest.metadata?.name ?? '';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new Error(
      `metadata.name ${JSON.stringify(name)} is not a valid object name`,
    );
  }
  const labels = manifest.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string' || value.length > 63) {
      throw new Error(`label ${key} has an invalid value`);
    }
  }
}

/**
 * Validates each generated manifest against its CRD schema (through the
 * @kubernetes-models classes) and returns the objects to serialise. A failure
 * here means the builders produced something Kubernetes would reject, and is
 * reported as bad input rather than written.
 */
export async function validateManifests(
  manifests: Manifest[],
): Promise<Manifest[]> {
  const models = await loadModels();
  return manifests.map(manifest => {
    const Model = models.get(`${manifest.apiVersion}/${manifest.kind}`);
    try {
      if (!Model) {
        validatePlainManifest(manifest);
        return manifest;
      }
      const instance = new Model(manifest);
      instance.validate();
      return instance.toJSON() as Manifest;
    } catch (e) {
      throw new InputError(
        `${describeManifest(manifest)} failed schema validation: ${
          (e as Error).message
        }`,
      );
    }
  });
}
