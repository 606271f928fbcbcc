import { FINDING_CATALOGUE } from '../findings/findingCatalogue';
import {
  Finding,
  FindingCategory,
  Severity,
  severityRank,
} from '../types/findings';
import { ObjectRef } from '../types/kube';
import { compareStrings } from '../util/compareStrings';
import { ChainLink, ExposureEntry, MtlsMode } from '../types/status';

/*
 * "No green beside a broken thing": each part of a service's page takes the
 * worst state of the findings about the objects it shows. A host whose
 * Gateway shares it with another (MW304) is not a green Ready chain, a
 * service the NetworkPolicies keep the gateway from (MW701) is not merely
 * "Expiring", a DestinationRule breaking every call (MW201) is not a green
 * STRICT. The page's sections read their state from here so that the card,
 * the tab and the tests agree.
 */

/** The parts of a service's page that carry a state of their own. */
export type MeshSection =
  | 'exposure'
  | 'certificates'
  | 'mtls'
  | 'authorization'
  | 'networkPolicy';

/** The finding categories each section answers for. */
const SECTION_CATEGORIES: Record<MeshSection, readonly FindingCategory[]> = {
  exposure: ['gateways'],
  certificates: [],
  mtls: ['mtls'],
  authorization: ['authorization'],
  networkPolicy: ['networkPolicy'],
};

/** Certificate findings: the certificate chain of an exposure, apart from its routing. */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'MW301',
  'MW302',
  'MW303',
  'MW308',
  'MW309',
]);

/** `ok` when no finding is about it; otherwise the most severe finding's severity. */
export type SectionState = 'ok' | Severity;

/** The most severe of these findings' severities, `ok` for none. */
export function worstState(findings: readonly Finding[]): SectionState {
  let worst: SectionState = 'ok';
  for (const f of findings)
    if (worst === 'ok' || severityRank(f.severity) < severityRank(worst))
      worst = f.severity;
  return worst;
}

/** A code this build does not know (from a newer backend) is in no section. */
function categoryOf(finding: Finding): FindingCategory | undefined {
  return FINDING_CATALOGUE[finding.code]?.category;
}

/** The findings a section of the page answers for, by what they are about. */
export function sectionFindings(
  findings: readonly Finding[],
  section: MeshSection,
): Finding[] {
  if (section === 'certificates')
    return findings.filter(f => CERTIFICATE_CODES.has(f.code));
  const categories = SECTION_CATEGORIES[section];
  return findings.filter(f => {
    const category = categoryOf(f);
    return category !== undefined && categories.includes(category);
  });
}

function refKey(ref: ObjectRef): string {
  return `${ref.cluster}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

/** The findings that name any of these objects (in the same cluster). */
export function findingsAbout(
  findings: readonly Finding[],
  refs: readonly ObjectRef[],
): Finding[] {
  const keys = new Set(refs.map(refKey));
  return findings.filter(f => f.objects.some(o => keys.has(refKey(o))));
}

/** The objects one exposure depends on: Gateway, route, Service and each Certificate. */
export function exposureObjects(entry: ExposureEntry): ObjectRef[] {
  return [
    entry.gateway,
    entry.route,
    entry.service,
    ...entry.credentials.flatMap(c =>
      c.certificate ? [c.certificate.ref] : [],
    ),
  ];
}

/**
 * The findings about one exposure: any finding naming an object of its
 * chain, whatever its category (a NetworkPolicy finding naming its Service
 * and Gateway breaks it as surely as a Gateway finding does). A finding that
 * names Gateways is about the exposures through those Gateways only: the
 * NetworkPolicies that keep one gateway from a Service say nothing about
 * another gateway's route to it.
 */
export function exposureFindings(
  findings: readonly Finding[],
  entry: ExposureEntry,
): Finding[] {
  const gateway = refKey(entry.gateway);
  return findingsAbout(findings, exposureObjects(entry)).filter(f => {
    const gateways = f.objects.filter(o => o.kind === entry.gateway.kind);
    return !gateways.length || gateways.some(o => refKey(o) === gateway);
  });
}

/**
 * Exposure findings that no exposure of the service shows: routes that name
 * the service but reach it through no Gateway (a missing Gateway, a host the
 * Gateway does not serve). These say why a service is not exposed, so a page
 * must show them instead of "not exposed".
 */
export function unattachedExposureFindings(
  findings: readonly Finding[],
  entries: readonly ExposureEntry[],
): Finding[] {
  const shown = new Set(
    entries.flatMap(e => exposureFindings(findings, e)).map(f => f.id),
  );
  return sectionFindings(findings, 'exposure').filter(f => !shown.has(f.id));
}

/** A host that reaches a service, and the worst state of the exposures serving it. */
export interface HostState {
  host: string;
  state: SectionState;
}

const STATE_ORDER: readonly SectionState[] = ['error', 'warning', 'info', 'ok'];

/**
 * Every host of these exposures, worst first (then by name), each with the
 * worst state of the findings about any exposure that serves it: a list
 * that shows one host shows the one that needs attention.
 */
export function exposedHostStates(
  findings: readonly Finding[],
  entries: readonly ExposureEntry[],
): HostState[] {
  const states = new Map<string, SectionState>();
  for (const entry of entries) {
    const state = worstState(exposureFindings(findings, entry));
    for (const host of entry.hosts) {
      const known = states.get(host);
      if (!known || STATE_ORDER.indexOf(state) < STATE_ORDER.indexOf(known))
        states.set(host, state);
    }
  }
  return [...states.entries()]
    .map(([host, state]) => ({ host, state }))
    .sort(
      (a, b) =>
        STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
        compareStrings(a.host, b.host),
    );
}

/**
 * Whether a DISABLE is the data plane's doing rather than a policy's: the
 * pod has no proxy, or the port is excluded from capture (ECK's webhook and
 * transport ports, seed 001). That is an intended exception, to be shown as
 * such and not as a red DISABLE; a finding that says it breaks something
 * (MW201) still colours it.
 */
export function isProxyBypass(mode: MtlsMode, chain: readonly ChainLink[]) {
  return mode === 'DISABLE' && chain[chain.length - 1]?.level === 'dataPlane';
}
