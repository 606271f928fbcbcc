import type { AccessCheck } from './evaluateAccess';
import type { RoleDecision } from './decideRole';
import type { PlannedFile } from './planManifestPaths';
import { describeManifest } from './Manifest';

export interface PullRequestDescription {
  title: string;
  body: string;
}

export interface PullRequestInput {
  /** What the change does, e.g. "Expose shop.example.com through bookinfo/shop". */
  summary: string;
  files: PlannedFile[];
  decision: RoleDecision;
  checks: AccessCheck[];
  warnings: string[];
  /** Domain notes for the reviewer (seed caveats, follow-up steps). */
  notes: string[];
  dryRun: boolean;
}

/** Escapes text that came from user input so it renders literally in markdown. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
    .replace(/^#/, '\\#')
    .replace(/\r?\n/g, ' ');
}

/**
 * The pull request's title and markdown body: what was generated, why the
 * requester was allowed to generate it, and what still needs a human.
 */
export function describePullRequest(
  input: PullRequestInput,
): PullRequestDescription {
  const lines: string[] = [];
  lines.push(`## ${escapeMarkdown(input.summary)}`, '');
  lines.push('### Generated manifests', '');
  for (const file of input.files) {
    lines.push(
      `- \`${file.path}\` — ${escapeMarkdown(describeManifest(file.manifest))}${
        file.adminOwned ? ' (mesh-admin owned)' : ''
      }`,
    );
  }
  lines.push('', '### Role decision', '');
  lines.push(
    `- requester: ${escapeMarkdown(input.decision.userRef ?? 'unknown')}`,
    `- role: **${input.decision.role ?? 'none'}**`,
    ...input.decision.reasons.map(r => `- ${escapeMarkdown(r)}`),
  );
  lines.push('', '### Checks', '');
  for (const check of input.checks) {
    const mark = check.outcome === 'passed' ? '✅' : '⚠️';
    lines.push(`- ${mark} \`${check.rule}\` ${escapeMarkdown(check.detail)}`);
  }
  if (input.warnings.length > 0) {
    lines.push('', '### Warnings for the reviewer', '');
    lines.push(...input.warnings.map(w => `- ⚠️ ${escapeMarkdown(w)}`));
  }
  if (input.notes.length > 0) {
    lines.push('', '### Notes', '');
    lines.push(...input.notes.map(n => `- ${n}`));
  }
  if (input.files.some(f => f.adminOwned)) {
    lines.push(
      '',
      '_This change touches mesh-admin owned paths and needs a mesh admin review._',
    );
  }
  if (input.dryRun) {
    lines.push('', '_Dry run: nothing was published._');
  }
  return {
    title: input.summary.replace(/\s+/g, ' ').slice(0, 200),
    body: `${lines.join('\n')}\n`,
  };
}
