import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  str,
  stringMap,
} from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { ambientCaptured } from '../analyzers/dataPlane';
import { GATEWAY_NAME_LABEL } from '../analyzers/istioConventions';
import { hasSidecar, isTerminated } from '../analyzers/pods';
import { describe, listNames } from './findingText';

/*
 * Service port checks of Kiali's Service checker
 * (business/checkers/services/port_mapping_checker.go).
 */

/** The appProtocol values Kiali accepts: Istio's protocol names and Kubernetes' standard ones. */
const KNOWN_APP_PROTOCOLS = new Set([
  'grpc',
  'grpc-web',
  'http',
  'http2',
  'https',
  'mongo',
  'redis',
  'tcp',
  'tls',
  'udp',
  'mysql',
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
]);

/** The running pods a Service selects (none for a Service without selector). */
function selectedPods(ctx: AnalysisContext, service: KubeObject): KubeObject[] {
  const selector = stringMap(at(service, 'spec', 'selector'));
  if (!Object.keys(selector).length) return [];
  return ctx.view
    .list(Kinds.Pod, namespaceOf(service))
    .filter(p => !isTerminated(p) && isLabelSubset(selector, labelsOf(p)));
}

/**
 * MW829 (KIA0602): a port of a Service whose pods are in the mesh (a
 * sidecar or ambient) with an appProtocol Istio does not know, compared
 * whole and case-insensitively as Kiali does: Istio then treats the port
 * as plain TCP. UDP ports are not proxied and left alone.
 */
export function appProtocolFindings(
  ctx: AnalysisContext,
  service: KubeObject,
): Finding[] {
  const unknown = arr(service, 'spec', 'ports').filter(port => {
    const appProtocol = str(port, 'appProtocol');
    return (
      appProtocol !== undefined &&
      str(port, 'protocol')?.toUpperCase() !== 'UDP' &&
      !KNOWN_APP_PROTOCOLS.has(appProtocol.toLowerCase())
    );
  });
  if (!unknown.length) return [];
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.Namespace)) return [];
  const ns = ctx.view.namespace(namespaceOf(service) ?? '');
  const meshed = selectedPods(ctx, service).some(
    p => hasSidecar(p) || ambientCaptured(p, ns),
  );
  if (!meshed) return [];
  const ref = ctx.ref(service, Kinds.Service);
  return unknown.map(port => {
    const number = asNumber(at(port, 'port'));
    return ctx.finding({
      code: 'MW829',
      objects: [ref],
      message: `${describe(ref)} port ${number ?? '?'} has appProtocol '${str(
        port,
        'appProtocol',
      )}', which is no protocol Istio knows: its pods are in the mesh, and Istio treats the port as plain TCP.`,
      remediation: `Set appProtocol to one of ${listNames([
        ...KNOWN_APP_PROTOCOLS,
      ])}, or remove it and name the port <protocol>[-suffix].`,
      detailKey: String(number),
    });
  });
}

/** Services Istio or its gateway controllers own: their ports need not match a container's. */
function isMeshInfrastructureService(
  ctx: AnalysisContext,
  service: KubeObject,
): boolean {
  const labels = labelsOf(service);
  return (
    namespaceOf(service) === ctx.config.rootNamespace ||
    labels['gateway.istio.io/managed'] !== undefined ||
    labels[GATEWAY_NAME_LABEL] !== undefined ||
    labels.istio !== undefined
  );
}

/** Whether a container of the pod template exposes the Service port's target. */
function templateExposes(template: unknown, port: unknown): boolean {
  const target = at(port, 'targetPort');
  const containerPorts = arr(template, 'spec', 'containers').flatMap(c =>
    arr(c, 'ports'),
  );
  if (typeof target === 'string' && target !== '')
    return containerPorts.some(cp => str(cp, 'name') === target);
  const number =
    (typeof target === 'number' && target > 0 ? target : undefined) ??
    asNumber(at(port, 'port'));
  return containerPorts.some(
    cp => asNumber(at(cp, 'containerPort')) === number,
  );
}

/**
 * MW830 (KIA0701): a Service port whose target no container of the
 * Deployment behind the Service declares (by number, or by name for a
 * named targetPort). Kiali matches the Service selector against the
 * Deployment's own labels; Meshwise against its pod template's, which is
 * what the Service selects. Istio's and its gateways' Services are left
 * alone, as Kiali does.
 */
export function servicePortMappingFindings(
  ctx: AnalysisContext,
  service: KubeObject,
): Finding[] {
  const selector = stringMap(at(service, 'spec', 'selector'));
  if (!Object.keys(selector).length) return [];
  if (isMeshInfrastructureService(ctx, service)) return [];
  if (!ctx.isSynced(Kinds.Deployment)) return [];
  const deployment = ctx.view
    .list(Kinds.Deployment, namespaceOf(service))
    .find(d =>
      isLabelSubset(
        selector,
        stringMap(at(d, 'spec', 'template', 'metadata', 'labels')),
      ),
    );
  if (!deployment) return [];
  const template = at(deployment, 'spec', 'template');
  const missing = arr(service, 'spec', 'ports').filter(
    port => !templateExposes(template, port),
  );
  if (!missing.length) return [];
  const ref = ctx.ref(service, Kinds.Service);
  const deploymentRef = ctx.ref(deployment, Kinds.Deployment);
  return missing.map(port => {
    const number = asNumber(at(port, 'port'));
    const target = at(port, 'targetPort') ?? number;
    return ctx.finding({
      code: 'MW830',
      objects: [ref, deploymentRef],
      message: `${describe(ref)} port ${number ?? '?'} sends to ${
        typeof target === 'string'
          ? `the port named ${target}`
          : `port ${target}`
      }, which no container of ${describe(
        deploymentRef,
      )} declares: unless a container listens there without declaring it, the port's traffic reaches nothing.`,
      remediation: `Correct the Service's targetPort, or declare the port in the containers of Deployment ${nameOf(
        deployment,
      )}.`,
      detailKey: String(number),
    });
  });
}
