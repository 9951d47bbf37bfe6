// Projects: `unit` is pure and needs no I/O; `e2e` runs against the real Kafka broker and
// PostgreSQL that scripts/test.js starts (or that KAFKA_BROKERS / DATABASE_URL point at); `standards`
// is an evaluation over IPTC's material.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// kysely, @platformatic/kafka and eld ship ESM only; node 20 loads them through require(esm), jest on node 20
// cannot: compile them.
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const moduleNameMapper = {
  '^@newswire/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: ['/node_modules/(?!(kysely|@platformatic|eld)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,eval,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      slowTestThreshold: 60,
    },
    // IPTC's examples and schemas, read from ../shared: `npm run eval -- standards` only (scripts/test.js
    // selects unit and e2e), since a user's clone has no ../shared.
    { ...common, displayName: 'standards', testMatch: ['<rootDir>/eval/standards/**/*.standards-spec.ts'] },
  ],
};
