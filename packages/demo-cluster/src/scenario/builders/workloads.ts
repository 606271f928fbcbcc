import { ScenarioObject, ScenarioOwnerReference } from '../ScenarioObject';
import {
  AddressPool,
  Clock,
  kubeNameSuffix,
  stableHex,
  stableUid,
} from './common';
import { buildPod, DataPlane, PodTemplate } from './pods';

export interface ClusterNode {
  name: string;
  ip: string;
}

/** Shared state while building one cluster: time, addresses and round-robin scheduling. */
export class BuildContext {
  readonly addresses = new AddressPool();
  private nodeCursor = 0;

  constructor(readonly clock: Clock, readonly nodes: ClusterNode[]) {}

  nextNode(): ClusterNode {
    const node = this.nodes[this.nodeCursor % this.nodes.length];
    this.nodeCursor++;
    return node;
  }
}

export interface PodPlan {
  dataPlane: DataPlane;
  ready?: boolean;
  /** when the pod was created, relative to now; defaults to the workload's rollout time */
  createdAtOffset?: number;
}

export interface WorkloadSpec {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplate;
  pods: PodPlan[];
  createdAtOffset: number;
  /** set when the pods were last rolled (`kubectl rollout restart`), e.g. after a namespace moved revision */
  restartedAtOffset?: number;
  /** StatefulSet only */
  serviceName?: string;
  /** an owner above the workload, e.g. the ECK custom resource */
  owner?: ScenarioOwnerReference;
}

export function ownerRef(
  obj: ScenarioObject,
  blockOwnerDeletion = true,
): ScenarioOwnerReference {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    uid: obj.metadata.uid!,
    controller: true,
    blockOwnerDeletion,
  };
}

function meta(
  kind: string,
  namespace: string,
  name: string,
  createdAt: string,
  extra: Record<string, unknown> = {},
): ScenarioObject['metadata'] {
  return {
    name,
    namespace,
    uid: stableUid(kind, namespace, name),
    creationTimestamp: createdAt,
    ...extra,
  };
}

function templateWithRestart(
  spec: WorkloadSpec,
  ctx: BuildContext,
): PodTemplate {
  if (spec.restartedAtOffset === undefined) return spec.template;
  return {
    ...spec.template,
    annotations: {
      ...spec.template.annotations,
      'kubectl.kubernetes.io/restartedAt': ctx.clock(spec.restartedAtOffset),
    },
  };
}

function podTemplateObject(
  template: PodTemplate,
  extraLabels: Record<string, string> = {},
) {
  const metadata: Record<string, unknown> = {
    labels: { ...template.labels, ...extraLabels },
  };
  if (template.annotations && Object.keys(template.annotations).length > 0) {
    metadata.annotations = template.annotations;
  }
  const spec: Record<string, unknown> = {
    serviceAccountName: template.serviceAccountName,
    containers: template.containers,
  };
  if (template.initContainers) spec.initContainers = template.initContainers;
  if (template.automountServiceAccountToken !== undefined) {
    spec.automountServiceAccountToken = template.automountServiceAccountToken;
  }
  return { metadata, spec };
}

function readyCount(spec: WorkloadSpec): number {
  return spec.pods.filter(p => p.ready !== false).length;
}

/**
 * A Deployment or StatefulSet with what its controllers created: the
 * ReplicaSet (Deployments) and the running pods, statuses filled in.
 */
export function buildWorkload(
  spec: WorkloadSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const template = templateWithRestart(spec, ctx);
  const rolledAt = spec.restartedAtOffset ?? spec.createdAtOffset;
  const createdAt = ctx.clock(spec.createdAtOffset);
  const replicas = spec.pods.length;
  const ready = readyCount(spec);
  const hash = kubeNameSuffix(
    `${spec.namespace}/${spec.name}/${JSON.stringify(template)}`,
    10,
  );
  const objects: ScenarioObject[] = [];

  const workloadMeta = meta(spec.kind, spec.namespace, spec.name, createdAt, {
    generation: spec.restartedAtOffset === undefined ? 1 : 2,
    ...(spec.labels ? { labels: spec.labels } : {}),
    annotations: {
      ...(spec.kind === 'Deployment'
        ? {
            'deployment.kubernetes.io/revision':
              spec.restartedAtOffset === undefined ? '1' : '2',
          }
        : {}),
      ...spec.annotations,
    },
    ...(spec.owner ? { ownerReferences: [spec.owner] } : {}),
  });

  if (spec.kind === 'Deployment') {
    const deployment: ScenarioObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: workloadMeta,
      spec: {
        replicas,
        selector: { matchLabels: spec.selector },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: podTemplateObject(template),
      },
      status: {
        observedGeneration: workloadMeta.generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
        conditions: [
          {
            type: 'Available',
            status: ready > 0 || replicas === 0 ? 'True' : 'False',
            reason:
              ready > 0 || replicas === 0
                ? 'MinimumReplicasAvailable'
                : 'MinimumReplicasUnavailable',
            message:
              ready > 0 || replicas === 0
                ? 'Deployment has minimum availability.'
                : 'Deployment does not have minimum availability.',
            lastUpdateTime: ctx.clock(rolledAt),
            lastTransitionTime: ctx.clock(rolledAt),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${spec.name}-${hash}" has successfully progressed.`,
            lastUpdateTime: ctx.clock(rolledAt),
            lastTransitionTime: createdAt,
          },
        ],
      },
    };
    const rsName = `${spec.name}-${hash}`;
    const replicaSet: ScenarioObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(
        'ReplicaSet',
        spec.namespace,
        rsName,
        ctx.clock(rolledAt),
        {
          generation: 1,
          labels: { ...spec.template.labels, 'pod-template-hash': hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(replicas),
            'deployment.kubernetes.io/max-replicas': String(
              replicas + Math.ceil(replicas / 4),
            ),
            'deployment.kubernetes.io/revision':
              workloadMeta.annotations!['deployment.kubernetes.io/revision'],
          },
          ownerReferences: [ownerRef(deployment)],
        },
      ),
      spec: {
        replicas,
        selector: {
          matchLabels: { ...spec.selector, 'pod-template-hash': hash },
        },
        template: podTemplateObject(template, { 'pod-template-hash': hash }),
      },
      status: {
        observedGeneration: 1,
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
      },
    };
    objects.push(deployment, replicaSet);
    spec.pods.forEach((plan, i) => {
      const node = ctx.nextNode();
      objects.push(
        buildPod(template, {
          name: `${rsName}-${kubeNameSuffix(`${rsName}/${i}`, 5)}`,
          namespace: spec.namespace,
          nodeName: node.name,
          hostIP: node.ip,
          podIP: ctx.addresses.nextPodIP(),
          createdAt: ctx.clock(plan.createdAtOffset ?? rolledAt),
          owner: ownerRef(replicaSet),
          dataPlane: plan.dataPlane,
          ready: plan.ready,
          extraLabels: { 'pod-template-hash': hash },
        }),
      );
    });
    return objects;
  }

  const revisionHash = `${spec.name}-${kubeNameSuffix(hash, 10)}`;
  const statefulSet: ScenarioObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: workloadMeta,
    spec: {
      replicas,
      serviceName: spec.serviceName ?? spec.name,
      selector: { matchLabels: spec.selector },
      podManagementPolicy: 'Parallel',
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      revisionHistoryLimit: 10,
      template: podTemplateObject(template),
    },
    status: {
      observedGeneration: workloadMeta.generation,
      replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      currentRevision: revisionHash,
      updateRevision: revisionHash,
      collisionCount: 0,
    },
  };
  objects.push(statefulSet);
  spec.pods.forEach((plan, i) => {
    const node = ctx.nextNode();
    const name = `${spec.name}-${i}`;
    objects.push(
      buildPod(template, {
        name,
        namespace: spec.namespace,
        nodeName: node.name,
        hostIP: node.ip,
        podIP: ctx.addresses.nextPodIP(),
        createdAt: ctx.clock(plan.createdAtOffset ?? rolledAt),
        owner: ownerRef(statefulSet),
        dataPlane: plan.dataPlane,
        ready: plan.ready,
        extraLabels: {
          'controller-revision-hash': revisionHash,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(i),
        },
      }),
    );
  });
  return objects;
}

export interface DaemonSetSpec {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplate;
  createdAtOffset: number;
}

/** A DaemonSet with one running pod per node (ztunnel, istio-cni-node). */
export function buildDaemonSet(
  spec: DaemonSetSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const createdAt = ctx.clock(spec.createdAtOffset);
  const count = ctx.nodes.length;
  const revisionHash = stableHex(`${spec.namespace}/${spec.name}`, 10).replace(
    /[0-9]/g,
    d => 'bcdfghjklm'[Number(d)],
  );
  const daemonSet: ScenarioObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('DaemonSet', spec.namespace, spec.name, createdAt, {
      generation: 1,
      ...(spec.labels ? { labels: spec.labels } : {}),
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    }),
    spec: {
      selector: { matchLabels: spec.selector },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      },
      revisionHistoryLimit: 10,
      template: podTemplateObject(spec.template),
    },
    status: {
      observedGeneration: 1,
      currentNumberScheduled: count,
      desiredNumberScheduled: count,
      numberAvailable: count,
      numberMisscheduled: 0,
      numberReady: count,
      updatedNumberScheduled: count,
    },
  };
  const objects: ScenarioObject[] = [daemonSet];
  for (const node of ctx.nodes) {
    objects.push(
      buildPod(spec.template, {
        name: `${spec.name}-${kubeNameSuffix(`${spec.name}/${node.name}`, 5)}`,
        namespace: spec.namespace,
        nodeName: node.name,
        hostIP: node.ip,
        podIP: ctx.addresses.nextPodIP(),
        createdAt,
        owner: ownerRef(daemonSet),
        dataPlane: { mode: 'none' },
        extraLabels: {
          'controller-revision-hash': revisionHash,
          'pod-template-generation': '1',
        },
      }),
    );
  }
  return objects;
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ServiceSpec {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  ports: ServicePort[];
  type?: 'ClusterIP' | 'LoadBalancer';
  headless?: boolean;
  createdAtOffset: number;
  owner?: ScenarioOwnerReference;
  loadBalancerIP?: string;
}

export function buildService(
  spec: ServiceSpec,
  ctx: BuildContext,
): ScenarioObject {
  const clusterIP = spec.headless ? 'None' : ctx.addresses.nextServiceIP();
  const type = spec.type ?? 'ClusterIP';
  const ports = spec.ports.map((p, i) => ({
    name: p.name,
    port: p.port,
    protocol: 'TCP',
    targetPort: p.targetPort ?? p.port,
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    ...(type === 'LoadBalancer'
      ? { nodePort: 30000 + (fnvPort(spec.name, i) % 2700) }
      : {}),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(
      'Service',
      spec.namespace,
      spec.name,
      ctx.clock(spec.createdAtOffset),
      {
        ...(spec.labels ? { labels: spec.labels } : {}),
        ...(spec.owner ? { ownerReferences: [spec.owner] } : {}),
      },
    ),
    spec: {
      type,
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports,
      ...(spec.selector ? { selector: spec.selector } : {}),
      sessionAffinity: 'None',
      ...(spec.headless ? { publishNotReadyAddresses: true } : {}),
      ...(type === 'LoadBalancer'
        ? {
            externalTrafficPolicy: 'Cluster',
            allocateLoadBalancerNodePorts: true,
          }
        : { internalTrafficPolicy: 'Cluster' }),
    },
    status: {
      loadBalancer:
        type === 'LoadBalancer' && spec.loadBalancerIP
          ? { ingress: [{ ip: spec.loadBalancerIP, ipMode: 'VIP' }] }
          : {},
    },
  };
}

function fnvPort(name: string, index: number): number {
  return parseInt(stableHex(`${name}:${index}`, 6), 16);
}

export function buildServiceAccount(
  namespace: string,
  name: string,
  createdAtOffset: number,
  ctx: BuildContext,
  labels?: Record<string, string>,
): ScenarioObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(
      'ServiceAccount',
      namespace,
      name,
      ctx.clock(createdAtOffset),
      {
        ...(labels ? { labels } : {}),
      },
    ),
  };
}

export function buildNamespace(
  name: string,
  labels: Record<string, string>,
  createdAtOffset: number,
  ctx: BuildContext,
): ScenarioObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: stableUid('Namespace', undefined, name),
      creationTimestamp: ctx.clock(createdAtOffset),
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function buildNode(
  node: ClusterNode,
  role: 'control-plane' | 'worker',
  createdAtOffset: number,
  ctx: BuildContext,
): ScenarioObject {
  const at = ctx.clock(createdAtOffset);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: stableUid('Node', undefined, node.name),
      creationTimestamp: at,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        ...(role === 'control-plane'
          ? { 'node-role.kubernetes.io/control-plane': '' }
          : {}),
      },
    },
    spec: {
      podCIDR: `10.244.${ctx.nodes.indexOf(node)}.0/24`,
      podCIDRs: [`10.244.${ctx.nodes.indexOf(node)}.0/24`],
      providerID: `kind://docker/demo/${node.name}`,
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: node.ip },
        { type: 'Hostname', address: node.name },
      ],
      allocatable: {
        cpu: '8',
        'ephemeral-storage': '100Gi',
        memory: '32Gi',
        pods: '110',
      },
      capacity: {
        cpu: '8',
        'ephemeral-storage': '100Gi',
        memory: '32Gi',
        pods: '110',
      },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: ctx.clock(-60_000),
          lastTransitionTime: at,
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: ctx.clock(-60_000),
          lastTransitionTime: at,
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: ctx.clock(-60_000),
          lastTransitionTime: at,
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: ctx.clock(-60_000),
          lastTransitionTime: at,
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.1.0-28-amd64',
        kubeProxyVersion: 'v1.31.4',
        kubeletVersion: 'v1.31.4',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
      },
    },
  };
}
