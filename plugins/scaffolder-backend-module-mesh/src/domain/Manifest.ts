import type {
  IDestinationRule,
  IGateway as IIstioGateway,
  IVirtualService,
} from '@kubernetes-models/istio/networking.istio.io/v1';
import type {
  IAuthorizationPolicy,
  IPeerAuthentication,
  IRequestAuthentication,
} from '@kubernetes-models/istio/security.istio.io/v1';
import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import type {
  IGateway as IGatewayApiGateway,
  IHTTPRoute,
} from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import type { NamespaceManifest } from '../builders/buildNamespace';
import type { EckManifest } from '../builders/buildEckResources';

/** Every manifest kind a mesh action can generate. */
export type Manifest =
  | IIstioGateway
  | IVirtualService
  | IDestinationRule
  | IAuthorizationPolicy
  | IPeerAuthentication
  | IRequestAuthentication
  | ICertificate
  | IGatewayApiGateway
  | IHTTPRoute
  | NamespaceManifest
  | EckManifest;

export type ManifestKind = Manifest['kind'];

/** `Kind/namespace/name`, how manifests are named in messages and PR bodies. */
export function describeManifest(manifest: Manifest): string {
  const namespace = manifest.metadata?.namespace;
  return `${manifest.kind} ${namespace ? `${namespace}/` : ''}${
    manifest.metadata?.name
  }`;
}
