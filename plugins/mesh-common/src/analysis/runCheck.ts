import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { CHECKS, CheckRow } from '../checks/checkTable';

/**
 * Runs one row's check and holds it to its row: a crash on malformed input
 * gives no findings and a recorded error (never a failed request for the
 * whole cluster), and a code the row does not declare is recorded as the bug
 * it is. Undefined when the check failed, so that no caller keeps its result.
 */
export function runCheck(
  row: CheckRow,
  what: string,
  errors: string[],
  check: () => Finding[],
): Finding[] | undefined {
  let findings: Finding[];
  try {
    findings = check();
  } catch (e) {
    errors.push(
      `${row.name} check of ${what}: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
    return undefined;
  }
  for (const finding of findings) {
    if (!row.codes.includes(finding.code)) {
      errors.push(
        `${row.name} check of ${what} emitted ${finding.code}, which its row in the check table does not declare`,
      );
    }
  }
  return findings;
}

/** The findings of every workload row for one workload, and whether every row ran. */
export function runWorkloadChecks(
  ctx: AnalysisContext,
  analysis: WorkloadAnalysis,
  errors: string[],
): { findings: Finding[]; complete: boolean } {
  const findings: Finding[] = [];
  let complete = true;
  // Without every pod, a workload's findings would be about part of it.
  if (!ctx.isSynced(Kinds.Pod)) return { findings, complete };
  const what = `workload ${analysis.status.namespace}/${analysis.status.workload.name}`;
  for (const row of CHECKS) {
    if (row.scope !== 'workload') continue;
    const own = runCheck(row, what, errors, () => row.check(ctx, analysis));
    if (own) findings.push(...own);
    else complete = false;
  }
  return { findings, complete };
}
