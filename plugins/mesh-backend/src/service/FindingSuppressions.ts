import { Finding, ObjectRef } from '@meshwise/plugin-mesh-common';

/**
 * One `mesh.findings.suppress` entry: a finding is suppressed when every
 * field given matches (globs: `*` any run of characters, `?` one character).
 */
export interface FindingSuppressionRule {
  /** Finding code, e.g. `MW401` or `MW4*`. */
  code?: string;
  cluster?: string;
  /** Namespace of any object the finding names. */
  namespace?: string;
  /** Any object the finding names, as `Kind/namespace/name` (`Kind/name` when cluster-scoped). */
  object?: string;
  /** Why (for people reading the config; not evaluated). */
  reason?: string;
}

function globToRegExp(glob: string): RegExp {
  const escape = (ch: string) => {
    if (ch === '*') return '.*';
    if (ch === '?') return '.';
    return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  };
  return new RegExp(`^${glob.split('').map(escape).join('')}$`);
}

const objectPath = (ref: ObjectRef) =>
  ref.namespace
    ? `${ref.kind}/${ref.namespace}/${ref.name}`
    : `${ref.kind}/${ref.name}`;

interface CompiledRule {
  code?: RegExp;
  cluster?: RegExp;
  namespace?: RegExp;
  object?: RegExp;
}

/**
 * The platform's accepted exceptions: findings that match a rule are left
 * out of every answer (entity status, findings list, counts), so a known and
 * accepted deviation does not drown the rest.
 */
export class FindingSuppressions {
  private readonly rules: CompiledRule[];

  static create(rules: readonly FindingSuppressionRule[]): FindingSuppressions {
    return new FindingSuppressions(rules);
  }

  private constructor(rules: readonly FindingSuppressionRule[]) {
    this.rules = rules
      .filter(
        rule => rule.code || rule.cluster || rule.namespace || rule.object,
      )
      .map(rule => ({
        ...(rule.code ? { code: globToRegExp(rule.code) } : {}),
        ...(rule.cluster ? { cluster: globToRegExp(rule.cluster) } : {}),
        ...(rule.namespace ? { namespace: globToRegExp(rule.namespace) } : {}),
        ...(rule.object ? { object: globToRegExp(rule.object) } : {}),
      }));
  }

  isSuppressed(finding: Finding): boolean {
    return this.rules.some(
      rule =>
        (!rule.code || rule.code.test(finding.code)) &&
        (!rule.cluster || rule.cluster.test(finding.cluster)) &&
        (!rule.namespace ||
          finding.objects.some(
            ref =>
              ref.namespace !== undefined &&
              rule.namespace!.test(ref.namespace),
          )) &&
        (!rule.object ||
          finding.objects.some(ref => rule.object!.test(objectPath(ref)))),
    );
  }

  filter<T extends Finding>(findings: readonly T[]): T[] {
    if (this.rules.length === 0) return [...findings];
    return findings.filter(finding => !this.isSuppressed(finding));
  }

  /** A status (or anything else that lists findings) without its suppressed findings. */
  filterStatus<T extends { findings: readonly Finding[] }>(status: T): T {
    return this.rules.length === 0
      ? status
      : { ...status, findings: this.filter(status.findings) };
  }
}
