import type { KubeObject } from '@meshwise/demo-cluster';

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A pod with the bulk a real one carries: managedFields, volumes, env. */
export function pod(
  namespaceName: string,
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: namespaceName,
      labels: { app: name.replace(/-\d+$/, ''), ...labels },
      annotations: {
        'sidecar.istio.io/status':
          '{"containers":["istio-proxy"],"revision":"default"}',
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"big":"manifest"}',
      },
      managedFields: [
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': {} },
        },
      ],
    },
    spec: {
      serviceAccountName: 'default',
      volumes: [{ name: 'kube-api-access', projected: { sources: [] } }],
      containers: [
        {
          name: 'app',
          image: 'docker.io/example/app:1.0',
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'SECRET_LOOKING', value: 'x'.repeat(200) }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          volumeMounts: [
            { name: 'kube-api-access', mountPath: '/var/run/secrets' },
          ],
        },
        {
          name: 'istio-proxy',
          image: 'docker.io/istio/proxyv2:1.24.3',
          env: [{ name: 'ISTIO_META_WORKLOAD_NAME', value: name }],
        },
      ],
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: '10.1.0.1',
      qosClass: 'BestEffort',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          image: 'docker.io/example/app:1.0',
          imageID: 'sha256:abc',
          state: { running: {} },
        },
      ],
    },
  };
}

export function peerAuthentication(
  namespaceName: string,
  name: string,
  mode: string,
): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace: namespaceName },
    spec: { mtls: { mode } },
  };
}

export function configMap(
  namespaceName: string,
  name: string,
  data: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: namespaceName },
    data,
  };
}

export function secret(namespaceName: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: namespaceName },
    type: 'kubernetes.io/tls',
    data: { 'tls.key': Buffer.from('PRIVATE KEY').toString('base64') },
  };
}

/** An Istio Gateway serving `hosts` on 443. */
export function istioGateway(
  namespaceName: string,
  name: string,
  hosts: string[],
): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: namespaceName },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts },
      ],
    },
  };
}
