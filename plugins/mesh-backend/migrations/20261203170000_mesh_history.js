// @ts-check

/**
 * Mesh history: samples of the dashboard's figures over time, and when each
 * finding was first seen. Times are milliseconds since the epoch in bigint
 * columns, the same on PostgreSQL and SQLite (no time zone conversions).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_history_samples', table => {
    table.comment(
      'Figures of the fleet, each cluster and each entity, sampled at an interval',
    );
    table.bigIncrements('id');
    table
      .bigInteger('sampled_at')
      .notNullable()
      .comment('When the sample was taken (ms since epoch)');
    table
      .string('scope', 16)
      .notNullable()
      .comment("'fleet', 'cluster' or 'entity'");
    table
      .string('subject', 512)
      .notNullable()
      .comment("The cluster name or entity ref; '' for the fleet");
    table
      .text('figures')
      .nullable()
      .comment('JSON of the figures; null when they were unknown');
    table
      .text('unknown_reason')
      .nullable()
      .comment('Why (some of) the figures were unknown');
    table.index(
      ['scope', 'subject', 'sampled_at'],
      'mesh_history_samples_subject_idx',
    );
    table.index(['sampled_at'], 'mesh_history_samples_time_idx');
  });
  await knex.schema.createTable('mesh_finding_first_seen', table => {
    table.comment(
      'When each finding (by its stable id) was first and last seen by a sample',
    );
    table
      .string('finding_key', 64)
      .primary()
      .comment('sha256 hex of the finding id');
    table.text('finding_id').notNullable();
    table.string('cluster', 255).notNullable();
    table.string('code', 32).notNullable();
    table.string('severity', 16).notNullable();
    table.bigInteger('first_seen_at').notNullable();
    table.bigInteger('last_seen_at').notNullable();
    table.index(['last_seen_at'], 'mesh_finding_first_seen_last_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_finding_first_seen');
  await knex.schema.dropTable('mesh_history_samples');
};
