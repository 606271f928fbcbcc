import { managedMetadata } from './managedLabels';

// ECK publishes no @kubernetes-models package, so the few fields Meshwise sets
// are typed here after the ECK v1 CRDs (seeds 000/001).

interface PodTemplate {
  metadata?: { annotations?: Record<string, string> };
  spec?: { automountServiceAccountToken?: boolean };
}

interface HttpTls {
  tls: { selfSignedCertificate: { disabled: boolean } };
}

interface EckMetadata {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

export interface ElasticsearchManifest {
  apiVersion: 'elasticsearch.k8s.elastic.co/v1';
  kind: 'Elasticsearch';
  metadata: EckMetadata;
  spec: {
    version: string;
    http?: HttpTls;
    nodeSets: Array<{ name: string; count: number; podTemplate: PodTemplate }>;
  };
}

export interface KibanaManifest {
  apiVersion: 'kibana.k8s.elastic.co/v1';
  kind: 'Kibana';
  metadata: EckMetadata;
  spec: {
    version: string;
    count: number;
    elasticsearchRef: { name: string };
    http?: HttpTls;
    podTemplate?: PodTemplate;
  };
}

export interface ApmServerManifest {
  apiVersion: 'apm.k8s.elastic.co/v1';
  kind: 'ApmServer';
  metadata: EckMetadata;
  spec: {
    version: string;
    count: number;
    elasticsearchRef: { name: string };
    http?: HttpTls;
    podTemplate: PodTemplate;
  };
}

export type EckManifest =
  | ElasticsearchManifest
  | KibanaManifest
  | ApmServerManifest;

export interface EckInput {
  name: string;
  namespace: string;
  version: string;
  nodeCount: number;
  kibana: boolean;
  apmServer: boolean;
  /**
   * Let Istio carry TLS for the HTTP layer. Turning ECK's self-signed HTTP
   * certificate off breaks Kibana alerting and API keys (seed 001 warning), so
   * it is a choice, not a given.
   */
  disableSelfSignedHttpTls: boolean;
  /** Istio CNI blocks init containers' network; plugin downloads need 443 out (seed 001). */
  istioCni: boolean;
  /** Only for clusters without the TokenRequest API (third-party tokens). */
  automountServiceAccountToken: boolean;
}

function httpTls(input: EckInput): { http?: HttpTls } {
  return input.disableSelfSignedHttpTls
    ? { http: { tls: { selfSignedCertificate: { disabled: true } } } }
    : {};
}

function podSpec(input: EckInput): PodTemplate['spec'] | undefined {
  return input.automountServiceAccountToken
    ? { automountServiceAccountToken: true }
    : undefined;
}

/**
 * Elasticsearch, and optionally Kibana and APM Server, set up to run inside
 * an Istio sidecar mesh as the ECK guide prescribes (seed 001): transport port
 * 9300 excluded from the proxy in both directions (ECK already encrypts it),
 * APM health checks rewritten through the proxy.
 */
export function buildEckResources(input: EckInput): EckManifest[] {
  const metadata = (): EckMetadata => managedMetadata(input);
  const spec = podSpec(input);
  const elasticsearch: ElasticsearchManifest = {
    apiVersion: 'elasticsearch.k8s.elastic.co/v1',
    kind: 'Elasticsearch',
    metadata: metadata(),
    spec: {
      version: input.version,
      ...httpTls(input),
      nodeSets: [
        {
          name: 'default',
          count: input.nodeCount,
          podTemplate: {
            metadata: {
              annotations: {
                'traffic.sidecar.istio.io/includeInboundPorts': '*',
                'traffic.sidecar.istio.io/excludeOutboundPorts': input.istioCni
                  ? '9300,443'
                  : '9300',
                'traffic.sidecar.istio.io/excludeInboundPorts': '9300',
              },
            },
            ...(spec ? { spec } : {}),
          },
        },
      ],
    },
  };
  const result: EckManifest[] = [elasticsearch];
  if (input.kibana) {
    result.push({
      apiVersion: 'kibana.k8s.elastic.co/v1',
      kind: 'Kibana',
      metadata: metadata(),
      spec: {
        version: input.version,
        count: 1,
        elasticsearchRef: { name: input.name },
        ...httpTls(input),
        ...(spec ? { podTemplate: { spec } } : {}),
      },
    });
  }
  if (input.apmServer) {
    result.push({
      apiVersion: 'apm.k8s.elastic.co/v1',
      kind: 'ApmServer',
      metadata: metadata(),
      spec: {
        version: input.version,
        count: 1,
        elasticsearchRef: { name: input.name },
        ...httpTls(input),
        podTemplate: {
          metadata: {
            annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
          },
          ...(spec ? { spec } : {}),
        },
      },
    });
  }
  return result;
}
