// Layer rules: the pure core (contracts, wire-formats, attribution, dedup, projection, ingest, routing) imports no
// framework, broker client, database or app; no app imports another; only libs/kafka imports a Kafka client.
const PURE = '^libs/(contracts|wire-formats|attribution|dedup|projection|ingest|routing)/';
module.exports = {
  forbidden: [
    {
      name: 'pure-core-no-infrastructure',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: '(^|/)node_modules/(@nestjs|kafkajs|@platformatic/kafka|@confluentinc/kafka-javascript|pg|kysely|kysely-pglite|@electric-sql|pino|prom-client)(/|$)',
      },
    },
    {
      name: 'pure-core-no-impure-libs',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^(apps/|libs/(kafka|storage|observability|config|runtime)/)' },
    },
    { name: 'libs-no-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'only-libs-kafka-imports-the-client',
      severity: 'error',
      from: { pathNot: '^libs/kafka/' },
      to: { path: '(^|/)node_modules/(kafkajs|@platformatic/kafka|@confluentinc/kafka-javascript)(/|$)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
