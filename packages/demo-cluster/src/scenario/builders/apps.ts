import { ScenarioObject } from '../ScenarioObject';
import { HttpProbe, PodTemplate } from './pods';
import { BuildContext, buildWorkload, PodPlan } from './workloads';

export interface AppDeploymentSpec {
  namespace: string;
  /** the `app` label; also the Service name callers usually give it */
  app: string;
  /** the `version` label (bookinfo's reviews v1/v2/v3); the Deployment is named `<app>-<version>` when set */
  version?: string;
  image: string;
  port: number;
  serviceAccount: string;
  /** labels that map the pods to a catalog entity, e.g. `backstage.io/kubernetes-id` */
  extraLabels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** an HTTP readiness probe on the app port (kubelet probes; rewritten by the injector unless disabled) */
  httpProbePath?: string;
  pods: PodPlan[];
  createdAtOffset: number;
  restartedAtOffset?: number;
}

/** A plain application Deployment with its ReplicaSet and pods, bookinfo style. */
export function buildAppDeployment(
  spec: AppDeploymentSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const name = spec.version ? `${spec.app}-${spec.version}` : spec.app;
  const selector: Record<string, string> = { app: spec.app };
  if (spec.version) selector.version = spec.version;
  const probe: HttpProbe | undefined = spec.httpProbePath
    ? {
        httpGet: { path: spec.httpProbePath, port: spec.port },
        initialDelaySeconds: 5,
        periodSeconds: 10,
      }
    : undefined;
  const template: PodTemplate = {
    labels: { ...selector, ...spec.extraLabels },
    annotations: spec.annotations,
    serviceAccountName: spec.serviceAccount,
    containers: [
      {
        name: spec.app,
        image: spec.image,
        ports: [{ containerPort: spec.port }],
        ...(probe ? { readinessProbe: probe } : {}),
      },
    ],
  };
  return buildWorkload(
    {
      kind: 'Deployment',
      name,
      namespace: spec.namespace,
      labels: { ...selector, ...spec.extraLabels },
      selector,
      template,
      pods: spec.pods,
      createdAtOffset: spec.createdAtOffset,
      restartedAtOffset: spec.restartedAtOffset,
    },
    ctx,
  );
}
