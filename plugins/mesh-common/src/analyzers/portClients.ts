import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  str,
} from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import {
  hasSidecar,
  isTerminated,
  resolvePodPort,
  sidecarInterceptsOutbound,
} from './pods';

/** ECK's conventions for its operator and Elasticsearch pods (seeds 000/001). */
export const ECK_WEBHOOK_PORT = 9443;
export const ECK_TRANSPORT_PORT = 9300;
const ECK_TYPE_LABEL = 'common.k8s.elastic.co/type';
const ES_CLUSTER_LABEL = 'elasticsearch.k8s.elastic.co/cluster-name';

/** The ECK operator: labelled as the manifests and Helm chart do, running the `manager` container. */
export function isEckOperatorPod(pod: KubeObject): boolean {
  const labels = labelsOf(pod);
  return (
    (labels['control-plane'] === 'elastic-operator' ||
      labels['app.kubernetes.io/name'] === 'elastic-operator') &&
    arr(pod, 'spec', 'containers').some(c => str(c, 'name') === 'manager')
  );
}

/**
 * Who connects to a port of a pod, where the software behind it says so:
 * - `outsideMesh`: only callers without a sidecar (the Kubernetes API server
 *   calling an admission webhook);
 * - `pods`: a known set of pods (Elasticsearch nodes talking to each other on
 *   the transport port);
 * - `unknown`: anyone may.
 */
export type KnownPortClients =
  | { kind: 'outsideMesh'; who: string }
  | { kind: 'pods'; who: string; pods: readonly KubeObject[] }
  | { kind: 'unknown' };

/** The Service port numbers (per Service) that land on `port` of `pod`. */
function servicePortsTo(
  service: KubeObject,
  pod: KubeObject,
  port: number,
): number[] {
  return arr(service, 'spec', 'ports').flatMap(sp => {
    const servicePort = asNumber(at(sp, 'port'));
    if (servicePort === undefined) return [];
    const target = resolvePodPort(pod, at(sp, 'targetPort') ?? servicePort);
    return target === port ? [servicePort] : [];
  });
}

/**
 * A MutatingWebhookConfiguration whose webhook calls this pod's port through
 * a Service. ValidatingWebhookConfigurations are not read by the analyzers;
 * ECK's own validating webhook is recognised by its port instead.
 */
function mutatingWebhookTo(
  ctx: AnalysisContext,
  pod: KubeObject,
  port: number,
): string | undefined {
  const services = ctx.view.servicesSelecting(pod);
  for (const config of ctx.view.list(Kinds.MutatingWebhookConfiguration)) {
    for (const webhook of arr(config, 'webhooks')) {
      const target = at(webhook, 'clientConfig', 'service');
      const name = str(target, 'name');
      const namespace = str(target, 'namespace');
      // The API server defaults the webhook Service port to 443.
      const servicePort = asNumber(at(target, 'port')) ?? 443;
      const service = services.find(
        s => nameOf(s) === name && namespaceOf(s) === namespace,
      );
      if (service && servicePortsTo(service, pod, port).includes(servicePort)) {
        return nameOf(config);
      }
    }
  }
  return undefined;
}

export function knownPortClients(
  ctx: AnalysisContext,
  pod: KubeObject,
  port: number,
): KnownPortClients {
  // Seed 001: the validating webhook on 9443 is called by the API server,
  // which has no sidecar; that is why the port is excluded from the operator's.
  if (port === ECK_WEBHOOK_PORT && isEckOperatorPod(pod)) {
    return {
      kind: 'outsideMesh',
      who: 'the Kubernetes API server (ECK validating webhook)',
    };
  }
  const webhook = mutatingWebhookTo(ctx, pod, port);
  if (webhook) {
    return {
      kind: 'outsideMesh',
      who: `the Kubernetes API server (MutatingWebhookConfiguration ${webhook})`,
    };
  }
  // Seed 001: only the nodes of the same cluster use the transport port.
  const labels = labelsOf(pod);
  const cluster = labels[ES_CLUSTER_LABEL];
  if (
    port === ECK_TRANSPORT_PORT &&
    labels[ECK_TYPE_LABEL] === 'elasticsearch' &&
    cluster
  ) {
    const namespace = namespaceOf(pod);
    return {
      kind: 'pods',
      who: `the nodes of Elasticsearch ${namespace}/${cluster} (transport port)`,
      pods: ctx.view.selectByLabels(Kinds.Pod, namespace, {
        matchLabels: { [ES_CLUSTER_LABEL]: cluster },
      }),
    };
  }
  return { kind: 'unknown' };
}

/** The running pods among `pods` whose sidecar captures their connections to `port`. */
export function podsSendingThroughSidecar(
  pods: readonly KubeObject[],
  port: number,
): KubeObject[] {
  return pods.filter(
    p =>
      !isTerminated(p) && hasSidecar(p) && sidecarInterceptsOutbound(p, port),
  );
}
