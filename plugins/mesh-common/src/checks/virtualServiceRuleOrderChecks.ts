import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { at } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { RouteListKind, ruleShadowing } from '../analyzers/routeRuleShadowing';
import { describe } from './findingText';

const ROUTE_LISTS: readonly RouteListKind[] = ['http', 'tcp', 'tls'];

/**
 * MW850 / IST0130 and MW851 / IST0131: the VirtualService validation
 * warnings istioctl reports: rules that can never match because an earlier
 * rule takes all their traffic, and matches an earlier one duplicates or
 * covers. Istio repeats an unreachable-rule warning for each match of the
 * rule; here it is one finding per rule and reason.
 */
export function virtualServiceRuleOrderFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const findings = new Map<string, Finding>();
  for (const list of ROUTE_LISTS)
    for (const shadowing of ruleShadowing(list, at(vs, 'spec', list))) {
      if (shadowing.kind === 'unreachableRule') {
        const detailKey = `${list} ${shadowing.rule}: ${shadowing.reason}`;
        findings.set(
          `MW850 ${detailKey}`,
          ctx.finding({
            code: 'MW850',
            objects: [ref],
            detailKey,
            message: `${describe(ref)}: ${list} rule ${
              shadowing.rule
            } is never used (${shadowing.reason}).`,
            remediation: `Move the rule before the rule that takes its traffic (a rule without matches belongs last), or remove it.`,
          }),
        );
      } else {
        const detailKey = `${list} ${shadowing.rule} ${shadowing.match}`;
        findings.set(
          `MW851 ${detailKey}`,
          ctx.finding({
            code: 'MW851',
            objects: [ref],
            detailKey,
            message: `${describe(ref)}: match ${
              shadowing.match
            } of ${list} rule ${
              shadowing.rule
            } is never used (duplicate or overlapping match in rule ${
              shadowing.shadowedBy
            }).`,
            remediation: `Remove the match, or make it more specific than the earlier one, or order the rules so that the more specific match comes first.`,
          }),
        );
      }
    }
  return [...findings.values()];
}
