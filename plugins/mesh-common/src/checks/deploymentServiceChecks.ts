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
import {
  ISTIO_INJECTION_LABEL,
  PROXY_CONTAINER,
  SIDECAR_INJECT_LABEL,
} from '../analyzers/istioConventions';
import { describe, listNames } from './findingText';

/**
 * Whether a Deployment's pods get a sidecar as istioctl's deployment
 * analyzer decides it: an istio-proxy container in the template, else the
 * template's sidecar.istio.io/inject label, then annotation, else the
 * namespace's istio-injection=enabled (a revision label is not read).
 */
function deploymentInMesh(ctx: AnalysisContext, deployment: KubeObject) {
  const template = at(deployment, 'spec', 'template');
  if (
    arr(template, 'spec', 'containers').some(
      c => str(c, 'name') === PROXY_CONTAINER && !!str(c, 'image'),
    )
  )
    return true;
  for (const map of [
    stringMap(at(template, 'metadata', 'labels')),
    stringMap(at(template, 'metadata', 'annotations')),
  ])
    if (SIDECAR_INJECT_LABEL in map)
      return map[SIDECAR_INJECT_LABEL] === 'true';
  const ns = ctx.view.namespace(namespaceOf(deployment) ?? '');
  return labelsOf(ns)[ISTIO_INJECTION_LABEL] === 'enabled';
}

/** Services in the Deployment's namespace whose (non-empty) selector matches its pod template. */
function servicesOf(ctx: AnalysisContext, deployment: KubeObject) {
  const templateLabels = stringMap(
    at(deployment, 'spec', 'template', 'metadata', 'labels'),
  );
  return ctx.view.list(Kinds.Service, namespaceOf(deployment)).filter(svc => {
    const selector = stringMap(at(svc, 'spec', 'selector'));
    return (
      Object.keys(selector).length > 0 &&
      isLabelSubset(selector, templateLabels)
    );
  });
}

/**
 * MW823 / IST0116 (DeploymentAssociatedToMultipleServices): Services of one
 * meshed Deployment that declare one port with different protocols. MW824 /
 * IST0137 (DeploymentConflictingPorts): Services of one meshed Deployment
 * that send different ports to the same targetPort. Either way the sidecar
 * cannot give the pod's port one protocol. Waypoint Deployments are left
 * alone, as istioctl does.
 */
export function deploymentServiceFindings(
  ctx: AnalysisContext,
  deployment: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Service) || !ctx.isSynced(Kinds.Namespace)) return [];
  if (
    labelsOf(deployment)['gateway.istio.io/managed'] ===
    'istio.io-mesh-controller'
  )
    return [];
  if (!deploymentInMesh(ctx, deployment)) return [];
  const services = servicesOf(ctx, deployment);
  if (services.length < 2) return [];
  const ref = ctx.ref(deployment, Kinds.Deployment);
  const protocols = new Map<number, Map<string, Set<string>>>();
  const targets = new Map<string, Map<number, string>>();
  for (const svc of services) {
    const name = `${namespaceOf(svc)}/${nameOf(svc)}`;
    for (const port of arr(svc, 'spec', 'ports')) {
      const number = asNumber(at(port, 'port'));
      if (number === undefined) continue;
      const protocol = str(port, 'protocol') || 'TCP';
      const byProtocol = protocols.get(number) ?? new Map();
      byProtocol.set(
        protocol,
        (byProtocol.get(protocol) ?? new Set()).add(name),
      );
      protocols.set(number, byProtocol);
      const rawTarget = at(port, 'targetPort');
      const target =
        rawTarget === undefined || rawTarget === 0 || rawTarget === ''
          ? String(number)
          : String(rawTarget);
      const byPort = targets.get(target) ?? new Map();
      byPort.set(number, name);
      targets.set(target, byPort);
    }
  }
  const out: Finding[] = [];
  for (const [port, byProtocol] of protocols) {
    if (byProtocol.size < 2) continue;
    const names = [
      ...new Set([...byProtocol.values()].flatMap(s => [...s])),
    ].sort();
    out.push(
      ctx.finding({
        code: 'MW823',
        objects: [ref],
        message: `${describe(
          ref,
        )} is behind Services that declare port ${port} with different protocols (${[
          ...byProtocol.keys(),
        ]
          .sort()
          .join(', ')}): ${listNames(names)}.`,
        remediation: `Use one protocol for port ${port} in every Service in front of ${nameOf(
          deployment,
        )}, or a different port number.`,
        detailKey: `port:${port}`,
      }),
    );
  }
  for (const [target, byPort] of targets) {
    if (byPort.size < 2) continue;
    const names = [...new Set(byPort.values())].sort();
    out.push(
      ctx.finding({
        code: 'MW824',
        objects: [ref],
        message: `${describe(
          ref,
        )} is behind Services that send different ports (${[...byPort.keys()]
          .sort((a, b) => a - b)
          .join(', ')}) to targetPort ${target}: ${listNames(names)}.`,
        remediation: `Give targetPort ${target} one Service port in every Service in front of ${nameOf(
          deployment,
        )}.`,
        detailKey: `target:${target}`,
      }),
    );
  }
  return out;
}
