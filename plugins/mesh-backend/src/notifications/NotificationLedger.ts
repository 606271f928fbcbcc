import { createHash } from 'crypto';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../history/HistoryStore';

const SENT = 'mesh_notifications_sent';
// Well under SQLite's 999 bound variables per statement (4 per row).
const BATCH_ROWS = 100;

const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Which notifications have been sent, in the plugin's database: the primary
 * key on the notification's key makes a claim succeed on one replica only.
 */
export class NotificationLedger {
  /** Runs the plugin's migrations (unless the database service says to skip them). */
  static async create(
    knex: Knex,
    options: { skipMigrations?: boolean } = {},
  ): Promise<NotificationLedger> {
    if (!options.skipMigrations) {
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    }
    return new NotificationLedger(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** The keys of these that are not recorded as sent. */
  async unsent(keys: readonly string[]): Promise<string[]> {
    const hashes = new Map(keys.map(k => [keyHash(k), k]));
    const hashList = [...hashes.keys()];
    for (let i = 0; i < hashList.length; i += 500) {
      const rows = await this.knex(SENT)
        .select('notification_key')
        .whereIn('notification_key', hashList.slice(i, i + 500));
      for (const row of rows) hashes.delete(row.notification_key);
    }
    return [...hashes.values()];
  }

  /**
   * Claims one notification for sending: true on the replica that recorded
   * it first, false when it was already recorded (sent, or being sent).
   */
  async claim(key: string, code: string, at: number): Promise<boolean> {
    const inserted = await this.knex(SENT)
      .insert({
        notification_key: keyHash(key),
        notification_id: key,
        code,
        sent_at: at,
      })
      .onConflict('notification_key')
      .ignore()
      .returning('notification_key');
    return inserted.length > 0;
  }

  /** Gives a claim back after its send failed, so a later run tries again. */
  async release(key: string): Promise<void> {
    await this.knex(SENT).where('notification_key', keyHash(key)).delete();
  }

  /** Records these as sent without sending (the first run's existing findings). */
  async recordAll(
    items: ReadonlyArray<{ key: string; code: string }>,
    at: number,
  ): Promise<void> {
    const rows = items.map(i => ({
      notification_key: keyHash(i.key),
      notification_id: i.key,
      code: i.code,
      sent_at: at,
    }));
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      await this.knex(SENT)
        .insert(rows.slice(i, i + BATCH_ROWS))
        .onConflict('notification_key')
        .ignore();
    }
  }

  /** Whether anything was ever recorded: false before the first run. */
  async isEmpty(): Promise<boolean> {
    const row = await this.knex(SENT).first('notification_key');
    return !row;
  }
}
