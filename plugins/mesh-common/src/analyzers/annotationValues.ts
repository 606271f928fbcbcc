/**
 * The value checks the sidecar injector makes of its pod annotations, which
 * istioctl's annotations analyzer repeats (IST0125). Each returns why a
 * value is refused, or undefined when the injector accepts it. The rules
 * follow the injector's parsers (Go's strconv and net/netip, Kubernetes'
 * resource quantities), so that a value is refused here exactly when the
 * injector would refuse the pod.
 */
type ValueCheck = (value: string) => string | undefined;

const UINT = /^\d+$/;

/** Go's strconv.ParseUint(value, 10, bits): digits only, within range. */
function unsignedWithin(value: string, max: number): boolean {
  return UINT.test(value) && Number(value) <= max;
}

function port(value: string): string | undefined {
  const trimmed = value.trim();
  return unsignedWithin(trimmed, 65535)
    ? undefined
    : `'${value}' is not a port number (0-65535)`;
}

/** A comma separated port list; the empty list is allowed. */
function portList(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  for (const part of trimmed.split(',')) {
    const problem = port(part);
    if (problem) return problem;
  }
  return undefined;
}

const allOr =
  (check: ValueCheck): ValueCheck =>
  value =>
    value === '*' ? undefined : check(value);

function uint32(value: string): string | undefined {
  return unsignedWithin(value, 4294967295)
    ? undefined
    : `'${value}' is not an unsigned 32-bit integer`;
}

// Go's strconv.ParseBool.
const GO_BOOLEANS = new Set(
  ['1', 't', 'T', 'TRUE', 'true', 'True'].concat([
    '0',
    'f',
    'F',
    'FALSE',
    'false',
    'False',
  ]),
);
function bool(value: string): string | undefined {
  return GO_BOOLEANS.has(value) ? undefined : `'${value}' is not a boolean`;
}

function interceptionMode(value: string): string | undefined {
  return ['REDIRECT', 'TPROXY', 'NONE'].includes(value)
    ? undefined
    : `'${value}' is not an interception mode (REDIRECT, TPROXY or NONE)`;
}

/** net/netip: four decimal octets without leading zeros. */
function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return (
    parts.length === 4 &&
    parts.every(p => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)
  );
}

/** net/netip: hex groups, one `::` at most, an IPv4 tail allowed, no zone. */
function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const groups = halves.flatMap(groupsOf);
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups.pop();
    count += 1; // an IPv4 tail stands for two groups
  }
  if (!groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** net/netip.ParsePrefix: an address, `/`, and a prefix length in range. */
function cidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits)) return false;
  if (isIPv4(address)) return Number(bits) <= 32;
  return isIPv6(address) && Number(bits) <= 128;
}

/** A comma separated CIDR list, not trimmed; the empty list is allowed. */
function cidrList(value: string): string | undefined {
  if (value === '') return undefined;
  const bad = value.split(',').find(part => !cidr(part));
  return bad === undefined ? undefined : `'${bad}' is not a CIDR range`;
}

const INTERFACE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

/** Linux interface names, comma separated: at most 15 characters each. */
function interfaceNames(value: string): string | undefined {
  if (value === '') return undefined;
  for (const part of value.split(',')) {
    const name = part.trim();
    if (!name) return 'an interface name is empty';
    if (name.length > 15)
      return `interface name '${name}' is longer than 15 characters`;
    if (!INTERFACE_NAME.test(name))
      return `interface name '${name}' contains invalid characters`;
  }
  return undefined;
}

// Kubernetes resource.ParseQuantity: a signed decimal number with a binary
// (Ki…Ei) or decimal (n, u, m, k, M…E) suffix or a decimal exponent.
const QUANTITY =
  /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
function quantity(value: string): string | undefined {
  return QUANTITY.test(value)
    ? undefined
    : `'${value}' is not a Kubernetes resource quantity`;
}

/**
 * The annotations whose values the injector checks, and how. The one it
 * also checks and this leaves out is `proxy.istio.io/config`: judging it
 * needs Istio's whole ProxyConfig schema and validation.
 */
export const ANNOTATION_VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  'sidecar.istio.io/interceptionMode': interceptionMode,
  'status.sidecar.istio.io/port': port,
  'readiness.status.sidecar.istio.io/initialDelaySeconds': uint32,
  'readiness.status.sidecar.istio.io/periodSeconds': uint32,
  'readiness.status.sidecar.istio.io/failureThreshold': uint32,
  'traffic.sidecar.istio.io/includeOutboundIPRanges': allOr(cidrList),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': cidrList,
  'traffic.sidecar.istio.io/includeInboundPorts': allOr(portList),
  'traffic.sidecar.istio.io/excludeInboundPorts': portList,
  'traffic.sidecar.istio.io/excludeOutboundPorts': portList,
  'traffic.sidecar.istio.io/excludeInterfaces': interfaceNames,
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaceNames,
  'istio.io/reroute-virtual-interfaces': interfaceNames,
  'prometheus.istio.io/merge-metrics': bool,
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
};

/** Why the injector refuses an annotation's value; undefined when it accepts it or does not check it. */
export function annotationValueProblem(
  name: string,
  value: string,
): string | undefined {
  const check = ANNOTATION_VALUE_CHECKS[name];
  return check ? check(value) : undefined;
}
