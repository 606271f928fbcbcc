// @ts-check

/**
 * Mesh notifications: which notification has been sent, by its key (the
 * finding and who it is for). The key's primary key makes "send once" hold
 * across replicas: the replica whose insert succeeds sends.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_notifications_sent', table => {
    table.comment('Notifications the mesh plugin has sent, one row each');
    table
      .string('notification_key', 64)
      .primary()
      .comment('sha256 hex of the notification key');
    table.text('notification_id').notNullable().comment('The key in clear');
    table.string('code', 32).notNullable();
    table
      .bigInteger('sent_at')
      .notNullable()
      .comment('When it was claimed for sending (ms since epoch)');
    table.index(['sent_at'], 'mesh_notifications_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_notifications_sent');
};
