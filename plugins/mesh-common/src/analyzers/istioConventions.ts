/**
 * Labels and annotations Istio reads and writes, with the meaning the
 * sidecar injector webhook, istio-cni and ztunnel give them.
 */
export const ISTIO_INJECTION_LABEL = 'istio-injection';
export const ISTIO_REV_LABEL = 'istio.io/rev';
export const ISTIO_TAG_LABEL = 'istio.io/tag';
export const SIDECAR_INJECT_LABEL = 'sidecar.istio.io/inject';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
/** A pod's own proxy image, which the injector uses instead of its configured one. */
export const PROXY_IMAGE_ANNOTATION = 'sidecar.istio.io/proxyImage';
/** Suffixes of the proxy image's variants (`proxyv2:1.24.3-distroless`). */
export const PROXY_IMAGE_VARIANTS: readonly string[] = ['distroless', 'debug'];
export const REWRITE_PROBES_ANNOTATION =
  'sidecar.istio.io/rewriteAppHTTPProbers';
export const EXCLUDE_INBOUND_PORTS_ANNOTATION =
  'traffic.sidecar.istio.io/excludeInboundPorts';
export const INCLUDE_INBOUND_PORTS_ANNOTATION =
  'traffic.sidecar.istio.io/includeInboundPorts';
export const EXCLUDE_OUTBOUND_PORTS_ANNOTATION =
  'traffic.sidecar.istio.io/excludeOutboundPorts';
export const INCLUDE_OUTBOUND_PORTS_ANNOTATION =
  'traffic.sidecar.istio.io/includeOutboundPorts';
export const INCLUDE_OUTBOUND_IP_RANGES_ANNOTATION =
  'traffic.sidecar.istio.io/includeOutboundIPRanges';
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const PROXY_CONTAINER = 'istio-proxy';
/**
 * ambient's node proxy: the DaemonSet `ztunnel`, whose pods carry the label
 * `app: ztunnel` (Kiali tells them apart by it) and whose one container is
 * also named `istio-proxy`.
 */
export const ZTUNNEL_NAME = 'ztunnel';
/** The pilot-agent port rewritten probes are sent to. */
export const PROBE_REWRITE_PORT = 15020;
export const DEFAULT_REVISION = 'default';

/** Version from an image reference's tag: `docker.io/istio/proxyv2:1.24.3-distroless` -> `1.24.3`. */
export function versionFromImage(
  image: string | undefined,
): string | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  if (colon < 0 || colon < withoutDigest.lastIndexOf('/')) return undefined;
  const tag = withoutDigest.slice(colon + 1);
  if (!tag) return undefined;
  return tag.replace(/-(distroless|debug)$/, '');
}

/** Compares dotted versions numerically (`1.10.0` > `1.9.3`); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
