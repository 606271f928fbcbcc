import { Kinds } from '../kinds';
import { Finding, FindingCode, Severity } from '../types/findings';
import { KubeObject, ObjectRef } from '../types/kube';
import { EckCheck, EckHealth, EckResourceStatus } from '../types/status';
import { findingDefinition } from '../findings/findingCatalogue';
import {
  annotationsOf,
  arr,
  at,
  nameOf,
  namespaceOf,
  parsePortList,
  stringMap,
} from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import {
  EckResourceFacts,
  eckResourceFacts,
  eckResourceStatus,
  istioCniPresent,
  operatorPods,
} from '../analyzers/eck';
import {
  DEFAULT_REVISION,
  EXCLUDE_INBOUND_PORTS_ANNOTATION,
  EXCLUDE_OUTBOUND_PORTS_ANNOTATION,
  PROBE_REWRITE_PORT,
  REWRITE_PROBES_ANNOTATION,
} from '../analyzers/istioConventions';
import { ambientCaptured } from '../analyzers/dataPlane';
import { autoMtlsEnabled } from '../analyzers/meshConfig';
import {
  destinationRulesForService,
  destinationRuleTls,
  drModeForServicePort,
} from '../analyzers/mtls';
import { hasSidecar, httpProbesOf, workloadOf } from '../analyzers/pods';

/** One check's verdict as the Mesh tab lists it, and its finding when it fails. */
interface CheckResult {
  check: EckCheck;
  finding?: Finding;
}

/**
 * MW510's severity: red health, an Invalid phase or a failed association is an
 * error; yellow health, any other phase than Ready or a pending association a
 * warning; otherwise none.
 */
function unhealthySeverity(
  h: EckHealth,
  phase: string | undefined,
  failedAssociations: number,
  pendingAssociations: number,
): Severity | undefined {
  if (h === 'red' || phase === 'Invalid' || failedAssociations > 0)
    return 'error';
  if (
    h === 'yellow' ||
    (phase !== undefined && phase !== 'Ready') ||
    pendingAssociations > 0
  )
    return 'warning';
  return undefined;
}

/**
 * The Istio-compatibility checks of the ECK guide (seeds 000/001) for one
 * Elasticsearch, Kibana or APM Server (MW501–MW511): every check's verdict,
 * pass or not, since the Mesh tab lists them all.
 */
export function eckChecks(
  ctx: AnalysisContext,
  facts: EckResourceFacts,
): CheckResult[] {
  const {
    kind,
    ref,
    name,
    namespace,
    intent,
    pods,
    templates,
    httpPort,
    httpMtls,
    sidecar,
    ambient,
    inMesh,
    selfSignedDisabled,
    health: h,
    phase,
    associations: assoc,
  } = facts;
  const results: CheckResult[] = [];
  const check = (
    code: FindingCode,
    state: EckCheck['state'],
    message: string,
    finding?: {
      objects?: ObjectRef[];
      remediation: string;
      severity?: Severity;
      findingMessage?: string;
    },
  ) => {
    const def = findingDefinition(code);
    const result: CheckResult = {
      check: { code, title: def.title, state, message },
    };
    if (finding && (state === 'fail' || state === 'info')) {
      result.finding = ctx.finding({
        code,
        objects: finding.objects ?? [ref],
        message: finding.findingMessage ?? message,
        remediation: finding.remediation,
        ...(finding.severity ? { severity: finding.severity } : {}),
      });
    }
    results.push(result);
  };

  // MW501 / MW502: the operator must be in the mesh, with its webhook port excluded.
  const operators = operatorPods(ctx);
  if (!inMesh) {
    check('MW501', 'notApplicable', 'The resource is not in the mesh.');
    check('MW502', 'notApplicable', 'The resource is not in the mesh.');
  } else if (!ctx.isSynced(Kinds.Pod) || operators.length === 0) {
    const why = ctx.isSynced(Kinds.Pod)
      ? 'No ECK operator pod (container "manager") is visible.'
      : 'Pods are not readable.';
    check('MW501', 'unknown', why);
    check('MW502', 'unknown', why);
  } else {
    const op = operators[0];
    const owner = workloadOf(ctx.view, op);
    const opRefExact: ObjectRef = { cluster: ctx.cluster, ...owner };
    const opInMesh =
      hasSidecar(op) ||
      ambientCaptured(op, ctx.view.namespace(namespaceOf(op) ?? ''));
    if (opInMesh) {
      check(
        'MW501',
        'pass',
        `Operator pod ${namespaceOf(op)}/${nameOf(op)} is in the mesh.`,
      );
    } else {
      check(
        'MW501',
        'fail',
        `Operator pod ${namespaceOf(op)}/${nameOf(
          op,
        )} has no istio-proxy container beside manager.`,
        {
          objects: [opRefExact],
          findingMessage: `The ECK operator (${namespaceOf(op)}/${nameOf(
            op,
          )}) runs without an istio-proxy beside manager, while Elastic resources are in the mesh: it cannot reach them under STRICT mTLS.`,
          remediation: `kubectl label namespace ${namespaceOf(
            op,
          )} istio-injection=enabled and restart the operator (kubectl rollout restart statefulset/elastic-operator -n ${namespaceOf(
            op,
          )}); check with kubectl get pod ${nameOf(op)} -n ${namespaceOf(
            op,
          )} -o jsonpath='{.spec.containers[*].name}'.`,
        },
      );
    }
    if (!hasSidecar(op)) {
      check('MW502', 'notApplicable', 'The operator has no sidecar.');
    } else if (
      parsePortList(
        annotationsOf(op)[EXCLUDE_INBOUND_PORTS_ANNOTATION],
      ).ports.has(9443)
    ) {
      check(
        'MW502',
        'pass',
        'Webhook port 9443 is excluded from the operator sidecar.',
      );
    } else {
      check(
        'MW502',
        'fail',
        `Operator pod ${nameOf(op)} proxies the webhook port 9443.`,
        {
          objects: [opRefExact],
          findingMessage: `The ECK operator's sidecar intercepts webhook port 9443: the validating webhook fails (failurePolicy Ignore), so invalid Elastic manifests are accepted silently.`,
          remediation: `Add traffic.sidecar.istio.io/excludeInboundPorts: "9443" and traffic.sidecar.istio.io/includeInboundPorts: '*' to the elastic-operator StatefulSet's pod template annotations.`,
        },
      );
    }
  }

  // MW503: the transport port must bypass the sidecar in both directions.
  if (kind === 'Elasticsearch') {
    if (!sidecar) {
      check('MW503', 'notApplicable', 'No sidecar.');
    } else {
      const problems: string[] = [];
      for (const t of templates) {
        const annotations = stringMap(
          at(t.template, 'metadata', 'annotations'),
        );
        const inbound = parsePortList(
          annotations[EXCLUDE_INBOUND_PORTS_ANNOTATION],
        ).ports.has(9300);
        const outbound = parsePortList(
          annotations[EXCLUDE_OUTBOUND_PORTS_ANNOTATION],
        ).ports.has(9300);
        if (!inbound || !outbound) {
          problems.push(
            `${t.name} (${[
              !inbound ? 'excludeInboundPorts' : '',
              !outbound ? 'excludeOutboundPorts' : '',
            ]
              .filter(Boolean)
              .join(' and ')} lack 9300)`,
          );
        }
      }
      if (problems.length) {
        check(
          'MW503',
          'fail',
          `Transport port 9300 is proxied in nodeSet(s) ${problems.join(
            ', ',
          )}.`,
          {
            findingMessage: `Elasticsearch ${namespace}/${name}: transport port 9300 goes through the sidecar in nodeSet(s) ${problems.join(
              ', ',
            )}; it is TLS-encrypted twice and node-to-node traffic breaks.`,
            remediation: `Set traffic.sidecar.istio.io/excludeInboundPorts: "9300" and traffic.sidecar.istio.io/excludeOutboundPorts: "9300" in every nodeSet's podTemplate.metadata.annotations.`,
          },
        );
      } else {
        check(
          'MW503',
          'pass',
          'Transport port 9300 is excluded in and out in every nodeSet.',
        );
      }
    }
  }

  // MW504 / MW505: application-level TLS vs STRICT mTLS.
  if (!inMesh) {
    check('MW504', 'notApplicable', 'The resource is not in the mesh.');
  } else if (httpMtls === 'unknown') {
    check('MW504', 'unknown', 'The effective mTLS mode is unknown.');
  } else if (!selfSignedDisabled && httpMtls === 'STRICT') {
    check(
      'MW504',
      'fail',
      `Self-signed HTTP TLS is on while port ${httpPort} is STRICT.`,
      {
        findingMessage: `${kind} ${namespace}/${name} keeps the operator's self-signed HTTP TLS under STRICT mTLS on port ${httpPort}: traffic is encrypted twice and mesh clients that speak plain HTTP fail.`,
        remediation: `Set spec.http.tls.selfSignedCertificate.disabled: true and let Istio provide TLS, or run the ${kind} service PERMISSIVE if you need TLS at the application layer (Kibana alerting, API keys).`,
      },
    );
  } else {
    check(
      'MW504',
      'pass',
      selfSignedDisabled
        ? 'Self-signed HTTP TLS is disabled; Istio provides TLS.'
        : `Port ${httpPort} is ${httpMtls}, so application TLS is compatible.`,
    );
  }
  if (kind === 'Elasticsearch') {
    if (inMesh && selfSignedDisabled && httpMtls === 'STRICT') {
      check(
        'MW505',
        'info',
        'HTTP TLS is disabled under STRICT mTLS: Elasticsearch API keys, and with them Kibana alerting and actions, are unavailable.',
        {
          remediation: `If you need Kibana alerting or API keys, keep the self-signed certificate and make the Elasticsearch service PERMISSIVE (PeerAuthentication with a selector for its pods, or a DestinationRule).`,
        },
      );
    } else {
      check(
        'MW505',
        'notApplicable',
        'HTTP TLS is enabled or the service is not STRICT.',
      );
    }
  }

  // MW506: APM Server health checks must go through the proxy (seed 001).
  // Istio rewrites HTTP probes by default, so running pods whose probes
  // already point at pilot-agent pass without the annotation; what fails is
  // a template that turns the rewrite off, or pods still probing the app port.
  if (kind === 'ApmServer') {
    const setting = stringMap(
      at(templates[0]?.template, 'metadata', 'annotations'),
    )[REWRITE_PROBES_ANNOTATION];
    const annotated = setting === 'true';
    const rewritten =
      pods.length > 0 &&
      pods.every(p =>
        httpProbesOf(p).every(pr => pr.port === PROBE_REWRITE_PORT),
      );
    if (!sidecar) check('MW506', 'notApplicable', 'No sidecar.');
    else if (annotated || rewritten)
      check(
        'MW506',
        'pass',
        annotated
          ? 'sidecar.istio.io/rewriteAppHTTPProbers is "true".'
          : 'The running pods have rewritten probes.',
      );
    else {
      let why: string;
      if (setting === 'false')
        why =
          'sets sidecar.istio.io/rewriteAppHTTPProbers: "false", so kubelet probes the APM port directly';
      else if (pods.length)
        why =
          'lacks sidecar.istio.io/rewriteAppHTTPProbers: "true" and its pods probe the APM port directly';
      else
        why =
          'lacks sidecar.istio.io/rewriteAppHTTPProbers: "true" (no running pod shows whether Istio rewrites its probes)';
      check('MW506', 'fail', `The pod template ${why}.`, {
        findingMessage: `ApmServer ${namespace}/${name} ${why}: its health checks fail under STRICT mTLS.`,
        remediation: `Set the annotation sidecar.istio.io/rewriteAppHTTPProbers: "true" in spec.podTemplate.metadata.annotations.`,
      });
    }
  }

  // MW507: plugin init containers need 443 outbound under Istio CNI.
  if (kind === 'Elasticsearch') {
    const withInit = templates.filter(
      t => arr(t.template, 'spec', 'initContainers').length > 0,
    );
    const cni = istioCniPresent(ctx);
    if (!sidecar || withInit.length === 0) {
      check(
        'MW507',
        'notApplicable',
        'No init containers of your own, or no sidecar.',
      );
    } else if (cni === false) {
      check('MW507', 'notApplicable', 'Istio CNI is not installed.');
    } else {
      const lacking = withInit.filter(
        t =>
          !parsePortList(
            stringMap(at(t.template, 'metadata', 'annotations'))[
              EXCLUDE_OUTBOUND_PORTS_ANNOTATION
            ],
          ).ports.has(443),
      );
      if (lacking.length) {
        check(
          'MW507',
          'fail',
          `nodeSet(s) ${lacking
            .map(t => t.name)
            .join(
              ', ',
            )} run init containers without 443 in excludeOutboundPorts${
            cni === 'unknown' ? ' (Istio CNI presence unknown)' : ''
          }.`,
          {
            findingMessage: `Elasticsearch ${namespace}/${name}: init containers in nodeSet(s) ${lacking
              .map(t => t.name)
              .join(
                ', ',
              )} need outbound 443 (plugin downloads), which Istio CNI blocks unless excluded.`,
            remediation: `Add 443 to traffic.sidecar.istio.io/excludeOutboundPorts (e.g. "9300,443") in those nodeSets' pod template annotations.`,
          },
        );
      } else {
        check('MW507', 'pass', 'Port 443 is excluded for the init containers.');
      }
    }
  }

  // MW508: without auto mTLS the operator needs an ISTIO_MUTUAL DestinationRule for <name>-es-http.
  if (kind === 'Elasticsearch') {
    const revision = intent.revision ?? DEFAULT_REVISION;
    const auto = inMesh ? autoMtlsEnabled(ctx, revision) : true;
    if (!inMesh)
      check('MW508', 'notApplicable', 'The resource is not in the mesh.');
    else if (auto === 'unknown')
      check(
        'MW508',
        'unknown',
        'The mesh config (ConfigMap istio) is not readable, so auto mTLS is unknown.',
      );
    else if (auto) check('MW508', 'pass', 'Auto mTLS is on.');
    else {
      const svc: KubeObject = {
        metadata: { name: `${name}-es-http`, namespace },
      };
      const settings = destinationRulesForService(ctx, svc).flatMap(d =>
        destinationRuleTls(ctx, d.dr, d.host, d.scope),
      );
      const mode = drModeForServicePort(settings, 9200)?.mode;
      if (mode === 'ISTIO_MUTUAL')
        check(
          'MW508',
          'pass',
          `A DestinationRule sets ISTIO_MUTUAL for ${name}-es-http.`,
        );
      else {
        check(
          'MW508',
          'fail',
          `Auto mTLS is off and no DestinationRule sets ISTIO_MUTUAL for ${name}-es-http.`,
          {
            findingMessage: `Auto mTLS is off and no DestinationRule sets ISTIO_MUTUAL for ${name}-es-http.${namespace}: the operator gets "503 Service Unavailable" from Elasticsearch ${namespace}/${name}.`,
            remediation: `Create a DestinationRule with host ${name}-es-http.${namespace}.svc.${ctx.config.clusterDomain} and trafficPolicy.tls.mode: ISTIO_MUTUAL.`,
          },
        );
      }
    }
  }

  // MW509: the ECK guide covers sidecar mode only.
  if (ambient) {
    check('MW509', 'fail', `Namespace ${namespace} is in ambient mode.`, {
      findingMessage: `${kind} ${namespace}/${name} runs in ambient namespace ${namespace}; the ECK Istio guide covers sidecar mode only and its traffic.sidecar.istio.io exclusions (transport port 9300) have no effect under ztunnel.`,
      remediation: `Run ECK resources in a sidecar-injected namespace as the ECK guide prescribes, or opt the pods out of ambient (istio.io/dataplane-mode: none) and validate transport TLS yourself.`,
    });
  } else {
    check('MW509', 'pass', 'Not in ambient mode.');
  }

  // MW510: health, phase and associations.
  const failedAssoc = assoc.filter(x => x.status === 'Failed');
  const pendingAssoc = assoc.filter(
    x => x.status !== 'Established' && x.status !== 'Failed',
  );
  const severity = unhealthySeverity(
    h,
    phase,
    failedAssoc.length,
    pendingAssoc.length,
  );
  if (severity) {
    const detail = [
      `health ${h}`,
      ...(phase ? [`phase ${phase}`] : []),
      ...assoc
        .filter(x => x.status !== 'Established')
        .map(x => `${x.kind} association ${x.status}`),
    ].join(', ');
    check('MW510', 'fail', detail, {
      severity,
      findingMessage: `${kind} ${namespace}/${name} is not healthy: ${detail}.`,
      remediation: `kubectl describe ${kind.toLowerCase()} ${name} -n ${namespace} (events carry ECK's validation errors); check pod status and the operator logs.`,
    });
  } else if (h === 'unknown') {
    check('MW510', 'unknown', 'No health reported yet.');
  } else {
    check('MW510', 'pass', `health ${h}${phase ? `, phase ${phase}` : ''}`);
  }

  // MW511: without the TokenRequest API Istio falls back to mounted service account tokens.
  const tokenRequest = ctx.config.tokenRequestSupported;
  if (!inMesh)
    check('MW511', 'notApplicable', 'The resource is not in the mesh.');
  else if (tokenRequest === undefined)
    check(
      'MW511',
      'unknown',
      'Whether the cluster serves the TokenRequest API is unknown.',
    );
  else if (tokenRequest)
    check('MW511', 'notApplicable', 'The cluster issues third-party tokens.');
  else {
    const lacking = templates.filter(
      t => at(t.template, 'spec', 'automountServiceAccountToken') !== true,
    );
    if (lacking.length) {
      check(
        'MW511',
        'fail',
        `automountServiceAccountToken is not true in ${lacking
          .map(t => t.name)
          .join(', ')}.`,
        {
          findingMessage: `${kind} ${namespace}/${name}: the cluster has no TokenRequest API, so the sidecar needs automountServiceAccountToken: true, which ${lacking
            .map(t => t.name)
            .join(', ')} lack.`,
          remediation: `Set podTemplate.spec.automountServiceAccountToken: true.`,
        },
      );
    } else check('MW511', 'pass', 'automountServiceAccountToken is true.');
  }
  return results;
}

/** An ECK resource's status and findings (undefined for an object that is not one). */
export function analyzeEckResource(
  ctx: AnalysisContext,
  obj: KubeObject,
): { status: EckResourceStatus; findings: Finding[] } | undefined {
  const facts = eckResourceFacts(ctx, obj);
  if (!facts) return undefined;
  const results = eckChecks(ctx, facts);
  return {
    status: eckResourceStatus(
      ctx,
      facts,
      results.map(r => r.check),
    ),
    findings: results.flatMap(r => (r.finding ? [r.finding] : [])),
  };
}
