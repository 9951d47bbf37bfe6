// e2e tests need a real broker and PostgreSQL: start the local broker when KAFKA_BROKERS is unset
// (scripts/test.js normally did so already) and check that PostgreSQL answers.
const { ensureKafka, ensurePostgresForTests } = require('../../scripts/local-services');

module.exports = async function globalSetup() {
  await ensureKafka(process.env);
  await ensurePostgresForTests(process.env);
};
