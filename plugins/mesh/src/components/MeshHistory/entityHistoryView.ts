import type {
  EntityFindingHistory,
  EntityHistory,
} from '@meshwise/plugin-mesh-common';

/** One step of an entity's findings chart; null where its figures were unknown. */
export interface EntityFindingsRow {
  at: number;
  error: number | null;
  warning: number | null;
  info: number | null;
  unknownReason?: string;
}

export const DAY_MS = 86_400_000;

/** The entity's findings by severity per step: a gap where they were unknown. */
export function entityFindingsRows(
  history: EntityHistory,
): EntityFindingsRow[] {
  return history.points.map(point => {
    const at = Date.parse(point.at);
    if (!point.figures) {
      return {
        at,
        error: null,
        warning: null,
        info: null,
        ...(point.unknownReason ? { unknownReason: point.unknownReason } : {}),
      };
    }
    const { error, warning, info } = point.figures.findings;
    return { at, error, warning, info };
  });
}

/** How long a current finding has been there, as the history knows it. */
export type FindingAge =
  | { kind: 'new'; firstSeenAt: number }
  | { kind: 'older'; firstSeenAt: number }
  /** No sample has seen it yet: it appeared after the latest sample. */
  | { kind: 'notSampled' };

/** "New since yesterday": first seen by a sample in the last 24 hours. */
export function findingAge(
  finding: EntityFindingHistory,
  now: number,
): FindingAge {
  if (!finding.firstSeenAt) return { kind: 'notSampled' };
  const firstSeenAt = Date.parse(finding.firstSeenAt);
  return now - firstSeenAt < DAY_MS
    ? { kind: 'new', firstSeenAt }
    : { kind: 'older', firstSeenAt };
}
