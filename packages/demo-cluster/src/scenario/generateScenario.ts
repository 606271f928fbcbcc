import { ScenarioObject } from './ScenarioObject';
import { absoluteClock, DAY, HOUR, stableUid } from './builders/common';
import { buildAppDeployment } from './builders/apps';
import {
  buildApmServer,
  buildElasticsearch,
  buildKibana,
} from './builders/eck';
import {
  buildDefaultRevisionTag,
  buildIngressGateway,
  buildIstiodRevision,
  buildNodeAgents,
  revisionOf,
} from './builders/istio';
import { DataPlane } from './builders/pods';
import {
  BuildContext,
  buildNamespace,
  buildNode,
  buildService,
  buildServiceAccount,
  ClusterNode,
} from './builders/workloads';

export interface GenerateScenarioOptions {
  clusterName: string;
  services: number;
  podsPerService: number;
  seed: number;
  /** the instant timestamps are relative to; defaults to the current time */
  now?: Date;
}

/** A catalog entity as plain data, ready to be served by a catalog provider or written as YAML. */
export interface GeneratedEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Component' | 'Group' | 'Resource' | 'System';
  metadata: {
    name: string;
    namespace: 'default';
    description?: string;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export interface GeneratedScenario {
  objects: ScenarioObject[];
  entities: GeneratedEntity[];
}

/** How a generated namespace takes part in the mesh. */
export type NamespaceProfile =
  | 'sidecar-new'
  | 'sidecar-old'
  | 'ambient'
  | 'ambient-waypoint'
  | 'none';

export const OLD_ISTIO_VERSION = '1.23.2';
export const NEW_ISTIO_VERSION = '1.24.3';
const ELASTIC_VERSION = '8.17.1';
const SERVICES_PER_NAMESPACE = 10;
const NAMESPACES_PER_TEAM = 5;
const PODS_PER_NODE = 110;
/** one Elastic Stack per this many services, alternating set up right and wrong */
const SERVICES_PER_ECK_SET = 100;

/** The first namespaces take every profile once, so small scenarios still show the whole range. */
const PROFILE_ROTATION: NamespaceProfile[] = [
  'sidecar-new',
  'sidecar-old',
  'ambient-waypoint',
  'ambient',
  'none',
];
const PROFILE_WEIGHTS: Array<[NamespaceProfile, number]> = [
  ['sidecar-new', 0.4],
  ['sidecar-old', 0.25],
  ['ambient', 0.15],
  ['ambient-waypoint', 0.1],
  ['none', 0.1],
];

/** mulberry32: small, fast and good enough to vary a scenario; deterministic per seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickProfile(index: number, random: () => number): NamespaceProfile {
  if (index < PROFILE_ROTATION.length) return PROFILE_ROTATION[index];
  let r = random();
  for (const [profile, weight] of PROFILE_WEIGHTS) {
    if (r < weight) return profile;
    r -= weight;
  }
  return 'sidecar-new';
}

/** Past the fixed rotation: mostly ready, the rest split between expiring and failing. */
function randomCertificateState(random: () => number): CertificateState {
  if (random() < 0.7) return 'ready';
  return random() < 0.5 ? 'expiring' : 'failing';
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function namespaceLabels(
  profile: NamespaceProfile,
  team: string,
): Record<string, string> {
  switch (profile) {
    case 'sidecar-new':
      return { 'istio.io/rev': revisionOf(NEW_ISTIO_VERSION), team };
    case 'sidecar-old':
      return { 'istio.io/rev': revisionOf(OLD_ISTIO_VERSION), team };
    case 'ambient':
      return { 'istio.io/dataplane-mode': 'ambient', team };
    case 'ambient-waypoint':
      return {
        'istio.io/dataplane-mode': 'ambient',
        'istio.io/use-waypoint': 'waypoint',
        team,
      };
    default:
      return { team };
  }
}

function dataPlaneFor(profile: NamespaceProfile, stale: boolean): DataPlane {
  const sidecar = (version: string): DataPlane => ({
    mode: 'sidecar',
    revision: revisionOf(version),
    proxyVersion: version,
  });
  switch (profile) {
    case 'sidecar-new':
      // a pod created before the namespace moved and never restarted (seed 003)
      return sidecar(stale ? OLD_ISTIO_VERSION : NEW_ISTIO_VERSION);
    case 'sidecar-old':
      return sidecar(OLD_ISTIO_VERSION);
    case 'ambient':
    case 'ambient-waypoint':
      return { mode: 'ambient' };
    default:
      return { mode: 'none' };
  }
}

type CertificateState = 'ready' | 'expiring' | 'failing';

/** Mesh-wide configuration every generated cluster shares (seed 003). */
function meshWideObjects(at: string): ScenarioObject[] {
  const meta = (name: string, namespace = 'istio-system') => ({
    name,
    namespace,
    creationTimestamp: at,
  });
  return [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta('default'),
      spec: { mtls: { mode: 'STRICT' } },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta('default'),
      spec: {
        host: '*.local',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: meta('ingress-jwt'),
      spec: {
        selector: { matchLabels: { istio: 'ingressgateway' } },
        jwtRules: [
          {
            issuer: 'https://keycloak.appk8s.com/realms/istio',
            jwksUri:
              'https://keycloak.appk8s.com/realms/istio/protocol/openid-connect/certs',
            forwardOriginalToken: true,
          },
        ],
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta('frontend-ingress'),
      spec: {
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta('vault-issuer'),
      spec: {
        vault: {
          server: 'http://vault.vault',
          path: 'pki/sign/appk8s-dot-com',
          auth: {
            kubernetes: {
              mountPath: '/v1/auth/kubernetes',
              role: 'issuer',
              serviceAccountRef: { name: 'issuer' },
            },
          },
        },
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'VaultVerified',
            message: 'Vault verified',
            lastTransitionTime: at,
          },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio-waypoint', creationTimestamp: at },
      spec: { controllerName: 'istio.io/mesh-controller' },
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            lastTransitionTime: at,
          },
        ],
      },
    },
  ];
}

function certificateObjects(
  name: string,
  host: string,
  state: CertificateState,
  ctx: BuildContext,
): ScenarioObject[] {
  const clock = ctx.clock;
  const spec = {
    secretName: name,
    issuerRef: {
      name: 'vault-issuer',
      kind: 'Issuer',
      group: 'cert-manager.io',
    },
    commonName: host,
    dnsNames: [host],
    duration: '2160h',
    renewBefore: state === 'expiring' ? '24h' : '360h',
  };
  const metadata = {
    name,
    namespace: 'istio-system',
    creationTimestamp: clock(-80 * DAY),
  };
  if (state === 'failing') {
    return [
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata,
        spec,
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'DoesNotExist',
              message: 'Issuing certificate as Secret does not exist',
              lastTransitionTime: clock(-80 * DAY),
            },
            {
              type: 'Issuing',
              status: 'False',
              reason: 'Failed',
              message:
                'The certificate request has failed to complete and will be retried: Vault failed to sign certificate: failed to sign certificate by vault: Code: 403. Errors: * permission denied',
              lastTransitionTime: clock(-2 * HOUR),
            },
          ],
          failedIssuanceAttempts: 3,
          lastFailureTime: clock(-2 * HOUR),
        },
      },
    ];
  }
  const notAfterDays = state === 'expiring' ? 3 : 60;
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata,
      spec,
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: 'Certificate is up to date and has not expired',
            lastTransitionTime: clock((notAfterDays - 90) * DAY),
          },
        ],
        notBefore: clock((notAfterDays - 90) * DAY),
        notAfter: clock(notAfterDays * DAY),
        renewalTime: clock(
          (state === 'expiring' ? notAfterDays - 1 : notAfterDays - 15) * DAY,
        ),
        revision: 1,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: 'istio-system',
        creationTimestamp: clock(-80 * DAY),
        annotations: {
          'cert-manager.io/certificate-name': name,
          'cert-manager.io/issuer-kind': 'Issuer',
          'cert-manager.io/issuer-name': 'vault-issuer',
        },
      },
      type: 'kubernetes.io/tls',
    },
  ];
}

function exposureObjects(
  namespace: string,
  service: string,
  host: string,
  credentialName: string,
  at: string,
): ScenarioObject[] {
  return [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: {
        name: `${service}-gateway`,
        namespace,
        creationTimestamp: at,
      },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: [host],
            tls: { mode: 'MUTUAL', credentialName },
          },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: service, namespace, creationTimestamp: at },
      spec: {
        hosts: [host],
        gateways: [`${service}-gateway`],
        http: [
          {
            route: [{ destination: { host: service, port: { number: 8080 } } }],
          },
        ],
      },
    },
  ];
}

function waypointObjects(namespace: string, at: string): ScenarioObject[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'waypoint',
        namespace,
        creationTimestamp: at,
        labels: { 'istio.io/waypoint-for': 'service' },
      },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [
          {
            name: 'mesh',
            port: 15008,
            protocol: 'HBONE',
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
      status: {
        addresses: [
          {
            type: 'Hostname',
            value: `waypoint.${namespace}.svc.cluster.local`,
          },
        ],
        conditions: [
          {
            type: 'Programmed',
            status: 'True',
            reason: 'Programmed',
            lastTransitionTime: at,
          },
        ],
      },
    },
  ];
}

function eckObjects(
  name: string,
  namespace: string,
  profile: NamespaceProfile,
  correct: boolean,
  ctx: BuildContext,
): ScenarioObject[] {
  const dataPlane = dataPlaneFor(profile, false);
  const labels = { 'backstage.io/kubernetes-id': name };
  const common = {
    namespace,
    version: ELASTIC_VERSION,
    selfSignedHttpTlsDisabled: correct,
    dataPlane,
    createdAtOffset: -20 * DAY,
    labels,
  };
  return [
    ...buildElasticsearch(
      {
        ...common,
        name,
        nodeSetName: 'default',
        count: 3,
        availableNodes: correct ? 3 : 2,
        health: correct ? 'green' : 'yellow',
        podTemplate: {
          labels,
          annotations: correct
            ? {
                'traffic.sidecar.istio.io/includeInboundPorts': '*',
                'traffic.sidecar.istio.io/excludeOutboundPorts': '9300',
                'traffic.sidecar.istio.io/excludeInboundPorts': '9300',
              }
            : { 'traffic.sidecar.istio.io/excludeInboundPorts': '9300' },
        },
      },
      ctx,
    ),
    ...buildKibana(
      {
        ...common,
        name,
        elasticsearchRef: name,
        count: 1,
        availableNodes: 1,
        health: 'green',
        podTemplate: { labels },
      },
      ctx,
    ),
    ...buildApmServer(
      {
        ...common,
        name,
        elasticsearchRef: name,
        count: 1,
        availableNodes: correct ? 1 : 0,
        health: correct ? 'green' : 'red',
        podTemplate: {
          labels,
          annotations: correct
            ? { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' }
            : undefined,
        },
      },
      ctx,
    ),
  ];
}

function entity(
  kind: GeneratedEntity['kind'],
  name: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
  description?: string,
): GeneratedEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(description ? { description } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec,
  };
}

/**
 * A synthetic cluster of `services` services with `podsPerService` pods each,
 * spread over teams and namespaces with the demo's variety: sidecar namespaces
 * on the old and the new revision (with pods left on the old proxy), ambient
 * namespaces with and without waypoints, namespaces outside the mesh,
 * PERMISSIVE exceptions, AuthorizationPolicies, gateways with ready, expiring
 * and failing certificates, and Elastic Stacks set up right and wrong.
 * The same options (seed and `now`) always give the same objects, in the same order.
 */
export function generateScenario(
  options: GenerateScenarioOptions,
): GeneratedScenario {
  const { clusterName, services, podsPerService, seed } = options;
  if (!Number.isInteger(services) || services < 0) {
    throw new Error(`services must be a non-negative integer, got ${services}`);
  }
  if (!Number.isInteger(podsPerService) || podsPerService < 1) {
    throw new Error(
      `podsPerService must be a positive integer, got ${podsPerService}`,
    );
  }
  const random = createRandom(seed);
  const nowMs = (options.now ?? new Date()).getTime();
  const eckSets =
    Math.floor(services / SERVICES_PER_ECK_SET) + (services >= 10 ? 1 : 0);
  const nodeCount = Math.max(
    3,
    Math.ceil((services * podsPerService + eckSets * 5) / PODS_PER_NODE),
  );
  const nodes: ClusterNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: `${clusterName}-worker-${pad(i + 1, 4)}`,
    ip: `172.20.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 2}`,
  }));
  const ctx = new BuildContext(absoluteClock(nowMs), nodes);
  const at = ctx.clock(-100 * DAY);

  const objects: ScenarioObject[] = [];
  const entities: GeneratedEntity[] = [];
  const push = (...items: ScenarioObject[]) => {
    for (const item of items) objects.push(item);
  };

  nodes.forEach(n => push(buildNode(n, 'worker', -200 * DAY, ctx)));
  push(
    buildNamespace(
      'istio-system',
      { 'istio-control-namespace': 'true' },
      -200 * DAY,
      ctx,
    ),
  );
  push(
    ...buildIstiodRevision(
      { version: OLD_ISTIO_VERSION, createdAtOffset: -60 * DAY },
      ctx,
    ),
  );
  push(
    ...buildIstiodRevision(
      { version: NEW_ISTIO_VERSION, createdAtOffset: -3 * DAY },
      ctx,
    ),
  );
  push(buildDefaultRevisionTag(NEW_ISTIO_VERSION, -2 * DAY, ctx));
  push(
    ...buildIngressGateway(
      {
        version: NEW_ISTIO_VERSION,
        replicas: 2,
        createdAtOffset: -180 * DAY,
        restartedAtOffset: -3 * DAY,
        loadBalancerIP: '172.20.255.200',
      },
      ctx,
    ),
  );
  push(...buildNodeAgents(NEW_ISTIO_VERSION, -60 * DAY, ctx));
  push(...meshWideObjects(at));
  entities.push(
    entity('Group', 'mesh-admins', { type: 'team', children: [] }),
    entity('System', `${clusterName}-services`, { owner: 'group:mesh-admins' }),
  );

  const namespaceCount = Math.ceil(services / SERVICES_PER_NAMESPACE);
  const teamCount = Math.max(
    1,
    Math.ceil(namespaceCount / NAMESPACES_PER_TEAM),
  );
  for (let t = 0; t < teamCount; t++) {
    entities.push(
      entity('Group', `team-${pad(t + 1, 3)}`, { type: 'team', children: [] }),
    );
  }

  let certificateIndex = 0;
  let eckIndex = 0;
  let serviceIndex = 0;
  for (let n = 0; n < namespaceCount; n++) {
    const team = `team-${pad(Math.floor(n / NAMESPACES_PER_TEAM) + 1, 3)}`;
    const namespace = `${team}-ns-${pad(n + 1, 4)}`;
    const profile = pickProfile(n, random);
    push(
      buildNamespace(
        namespace,
        namespaceLabels(profile, team),
        -100 * DAY,
        ctx,
      ),
    );
    entities.push(
      entity(
        'Resource',
        namespace,
        { type: 'kubernetes-namespace', owner: `group:${team}` },
        {
          'backstage.io/kubernetes-cluster': clusterName,
          'backstage.io/kubernetes-namespace': namespace,
        },
      ),
    );
    if (profile === 'ambient-waypoint') push(...waypointObjects(namespace, at));
    const inMesh = profile !== 'none';

    const inThisNamespace = Math.min(
      SERVICES_PER_NAMESPACE,
      services - serviceIndex,
    );
    for (let s = 0; s < inThisNamespace; s++, serviceIndex++) {
      const name = `svc-${pad(serviceIndex + 1, 5)}`;
      // First services of the right kind get each variant, the rest by chance.
      const stale = profile === 'sidecar-new' && (s === 0 || random() < 0.1);
      const permissive =
        profile.startsWith('sidecar') && (s === 1 || random() < 0.05);
      const hasPolicy = inMesh && random() < 0.7;
      const exposed = inMesh && (s === 2 || random() < 0.05);

      push(buildServiceAccount(namespace, name, -100 * DAY, ctx));
      push(
        ...buildAppDeployment(
          {
            namespace,
            app: name,
            image: `ghcr.io/appk8s/${name}:1.${serviceIndex % 10}.0`,
            port: 8080,
            serviceAccount: name,
            extraLabels: { 'backstage.io/kubernetes-id': name },
            httpProbePath: '/healthz',
            pods: Array.from({ length: podsPerService }, () => ({
              dataPlane: dataPlaneFor(profile, stale),
            })),
            createdAtOffset: -100 * DAY,
            restartedAtOffset: stale ? undefined : -2 * DAY,
          },
          ctx,
        ),
      );
      push(
        buildService(
          {
            name,
            namespace,
            labels: { app: name },
            selector: { app: name },
            ports: [{ name: 'http', port: 8080 }],
            createdAtOffset: -100 * DAY,
          },
          ctx,
        ),
      );
      if (permissive) {
        push({
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: {
            name: `${name}-permissive`,
            namespace,
            creationTimestamp: at,
          },
          spec: {
            selector: { matchLabels: { app: name } },
            mtls: { mode: 'PERMISSIVE' },
          },
        });
      }
      if (hasPolicy) {
        push({
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: {
            name: `${name}-viewer`,
            namespace,
            creationTimestamp: at,
          },
          spec: {
            selector: { matchLabels: { app: name } },
            action: 'ALLOW',
            rules: [{ from: [{ source: { namespaces: [namespace] } }] }],
          },
        });
      }
      if (exposed) {
        const states: CertificateState[] = ['ready', 'expiring', 'failing'];
        const state =
          certificateIndex < states.length
            ? states[certificateIndex]
            : randomCertificateState(random);
        const host = `${name}.${team}.appk8s.com`;
        const credential = `${name}-certs`;
        certificateIndex++;
        push(...certificateObjects(credential, host, state, ctx));
        push(...exposureObjects(namespace, name, host, credential, at));
      }
      entities.push(
        entity(
          'Component',
          name,
          {
            type: 'service',
            lifecycle: 'production',
            owner: `group:${team}`,
            system: `${clusterName}-services`,
          },
          {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-namespace': namespace,
          },
        ),
      );
    }

    // Elastic Stacks go into sidecar namespaces, one per SERVICES_PER_ECK_SET services.
    if (eckIndex < eckSets && profile.startsWith('sidecar')) {
      const name = `search-${pad(eckIndex + 1, 3)}`;
      push(...eckObjects(name, namespace, profile, eckIndex % 2 === 0, ctx));
      entities.push(
        entity(
          'Component',
          name,
          {
            type: 'service',
            lifecycle: 'production',
            owner: `group:${team}`,
            system: `${clusterName}-services`,
          },
          {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-namespace': namespace,
          },
          eckIndex % 2 === 0
            ? 'Elastic Stack set up for Istio'
            : 'Elastic Stack that ignores the Istio guide',
        ),
      );
      eckIndex++;
    }
  }

  for (const obj of objects) {
    obj.metadata.uid ??= stableUid(
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
  }
  return { objects, entities };
}
