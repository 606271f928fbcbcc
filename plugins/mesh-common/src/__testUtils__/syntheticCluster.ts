// Test-only: a generated cluster at a chosen scale, for scale tests and benchmarks.
import { KubeObject } from '../types/kube';

export function syntheticCluster(options: {
  namespaces: number;
  servicesPerNamespace: number;
  podsPerService: number;
}): KubeObject[] {
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istiod',
        namespace: 'istio-system',
        labels: { app: 'istiod', 'istio.io/rev': 'default' },
      },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'discovery', image: 'docker.io/istio/pilot:1.24.3' },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'igw-0',
        namespace: 'istio-system',
        labels: { istio: 'ingressgateway' },
      },
      spec: {
        containers: [
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.3' },
        ],
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ];
  for (let n = 0; n < options.namespaces; n++) {
    const ns = `team-${n}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'istio-injection': 'enabled' } },
    });
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-ingress', namespace: ns },
      spec: {
        rules: [{ from: [{ source: { namespaces: ['istio-system', ns] } }] }],
      },
    });
    for (let s = 0; s < options.servicesPerNamespace; s++) {
      const app = `svc-${s}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: app, namespace: ns },
        spec: {
          selector: { app },
          ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        },
      });
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: `${app}-gw`, namespace: ns },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: [`${app}.${ns}.example.com`],
              tls: { mode: 'SIMPLE', credentialName: `${ns}-${app}-cert` },
            },
          ],
        },
      });
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: app, namespace: ns },
        spec: {
          hosts: [`${app}.${ns}.example.com`],
          gateways: [`${app}-gw`],
          http: [
            { route: [{ destination: { host: app, port: { number: 80 } } }] },
          ],
        },
      });
      objects.push({
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: `${ns}-${app}-cert`, namespace: 'istio-system' },
        spec: {
          secretName: `${ns}-${app}-cert`,
          issuerRef: { name: 'ca', kind: 'ClusterIssuer' },
        },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          notAfter: '2026-01-01T00:00:00Z',
        },
      });
      for (let p = 0; p < options.podsPerService; p++) {
        objects.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${app}-abc12-${p}`,
            namespace: ns,
            labels: {
              app,
              'pod-template-hash': 'abc12',
              'backstage.io/kubernetes-id': `${ns}-${app}`,
            },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: `${app}-abc12`,
                controller: true,
              },
            ],
          },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:1',
                ports: [{ containerPort: 8080 }],
                readinessProbe: {
                  httpGet: { port: 15020, path: '/app-health/app/readyz' },
                },
              },
              { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.3' },
            ],
          },
          status: { phase: 'Running' },
        });
      }
    }
  }
  return objects;
}
