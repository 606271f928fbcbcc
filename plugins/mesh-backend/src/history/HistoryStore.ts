import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createHash } from 'crypto';
import { Knex } from 'knex';
import { FleetFinding } from '@meshwise/plugin-mesh-common';
import { HistorySample, HistoryScope } from './historySamples';

const SAMPLES = 'mesh_history_samples';
const FIRST_SEEN = 'mesh_finding_first_seen';
// Well under SQLite's 999 bound variables per statement (7 per first-seen row).
const BATCH_ROWS = 100;

/** A stored sample, as read back. */
export interface StoredSample {
  sampledAt: number;
  subject: string;
  figures: unknown | null;
  unknownReason?: string;
}

/** When a finding was first and last seen by a sample. */
export interface FindingFirstSeen {
  findingId: string;
  cluster: string;
  code: string;
  severity: string;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** The shipped knex migrations (`migrations/` of this package). */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@meshwise/plugin-mesh-backend',
  'migrations',
);

const findingKey = (id: string) =>
  createHash('sha256').update(id).digest('hex');

// PostgreSQL returns bigint columns as strings.
const toNumber = (value: unknown) => Number(value);

/**
 * The history tables, through knex: portable SQL only (PostgreSQL in
 * production, better-sqlite3 embedded and in tests).
 */
export class HistoryStore {
  /** Runs the migrations (unless the database service says to skip them). */
  static async create(
    knex: Knex,
    options: { skipMigrations?: boolean } = {},
  ): Promise<HistoryStore> {
    if (!options.skipMigrations) {
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    }
    return new HistoryStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Writes one sample run at `sampledAt`, and the first/last-seen times of
   * its findings, in one transaction: a run is stored whole or not at all.
   */
  async write(
    sampledAt: number,
    samples: readonly HistorySample[],
    findings: readonly FleetFinding[],
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      const rows = samples.map(sample => ({
        sampled_at: sampledAt,
        scope: sample.scope,
        subject: sample.subject,
        figures: sample.figures ? JSON.stringify(sample.figures) : null,
        unknown_reason: sample.unknownReason ?? null,
      }));
      for (let i = 0; i < rows.length; i += BATCH_ROWS) {
        await tx(SAMPLES).insert(rows.slice(i, i + BATCH_ROWS));
      }
      const seen = new Map(findings.map(f => [findingKey(f.id), f]));
      const seenRows = [...seen].map(([key, f]) => ({
        finding_key: key,
        finding_id: f.id,
        cluster: f.cluster,
        code: f.code,
        severity: f.severity,
        first_seen_at: sampledAt,
        last_seen_at: sampledAt,
      }));
      for (let i = 0; i < seenRows.length; i += BATCH_ROWS) {
        // An existing finding keeps its first-seen time.
        await tx(FIRST_SEEN)
          .insert(seenRows.slice(i, i + BATCH_ROWS))
          .onConflict('finding_key')
          .merge(['last_seen_at', 'severity']);
      }
    });
  }

  /**
   * Deletes samples taken before `before`, and first-seen times of findings
   * not seen since then (one that comes back later is new again).
   */
  async prune(before: number): Promise<{ samples: number; findings: number }> {
    const samples = await this.knex(SAMPLES)
      .where('sampled_at', '<', before)
      .delete();
    const findings = await this.knex(FIRST_SEEN)
      .where('last_seen_at', '<', before)
      .delete();
    return { samples, findings };
  }

  /** The samples of one subject taken in [from, to], oldest first. */
  async samples(
    scope: HistoryScope,
    subjects: readonly string[] | 'all',
    range: { from: number; to: number },
  ): Promise<StoredSample[]> {
    const query = this.knex(SAMPLES)
      .select('sampled_at', 'subject', 'figures', 'unknown_reason')
      .where('scope', scope)
      .andWhere('sampled_at', '>=', range.from)
      .andWhere('sampled_at', '<=', range.to)
      .orderBy('sampled_at', 'asc');
    if (subjects !== 'all') query.whereIn('subject', [...subjects]);
    const rows = await query;
    return rows.map(row => ({
      sampledAt: toNumber(row.sampled_at),
      subject: row.subject,
      figures: row.figures === null ? null : JSON.parse(row.figures),
      ...(row.unknown_reason ? { unknownReason: row.unknown_reason } : {}),
    }));
  }

  /** First-seen times of the findings with these ids (those never seen are left out). */
  async firstSeen(findingIds: readonly string[]): Promise<FindingFirstSeen[]> {
    const out: FindingFirstSeen[] = [];
    const keys = [...new Set(findingIds)].map(findingKey);
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.knex(FIRST_SEEN)
        .select()
        .whereIn('finding_key', keys.slice(i, i + 500));
      for (const row of rows) {
        out.push({
          findingId: row.finding_id,
          cluster: row.cluster,
          code: row.code,
          severity: row.severity,
          firstSeenAt: toNumber(row.first_seen_at),
          lastSeenAt: toNumber(row.last_seen_at),
        });
      }
    }
    return out;
  }

  /** When the latest sample of the scope was taken; undefined when there is none. */
  async latestSampleAt(scope: HistoryScope): Promise<number | undefined> {
    const [row] = await this.knex(SAMPLES)
      .where('scope', scope)
      .max({ latest: 'sampled_at' });
    return row?.latest === null || row?.latest === undefined
      ? undefined
      : toNumber(row.latest);
  }

  /** How many findings were first seen at or after `since` (the fleet's "new since"). */
  async countFirstSeenSince(since: number): Promise<number> {
    const [row] = await this.knex(FIRST_SEEN)
      .where('first_seen_at', '>=', since)
      .count({ count: '*' });
    return toNumber(row.count);
  }
}
