import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import ts from 'typescript';
import { CONFIG_VARIABLES, loadConfig, type AppConfig } from '@newswire/config';
import { topicNames, topicSpecs, type TopicKey } from '@newswire/contracts';

const ROOT = join(__dirname, '..');
type Service = {
  environment?: Record<string, unknown>;
  image?: string;
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  command?: unknown;
  entrypoint?: unknown;
  networks?: string[] | Record<string, unknown>;
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  healthcheck?: unknown;
  deploy?: { replicas?: number; resources?: { limits?: unknown } };
};
type Compose = {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
};

const APPS = ['normalizer', 'curator', 'projector', 'api', 'ingest', 'router'];
const SECRETS = {
  POSTGRES_PASSWORD: 'from-the-environment',
  NEWSWIRE_WRITER_PASSWORD: 'from-the-environment',
  NEWSWIRE_READER_PASSWORD: 'from-the-environment',
};

/** `${VAR:-default}` as compose resolves it with VAR unset; `${VAR:?message}` (a required secret) as a placeholder. */
function withDefaults(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v ?? '').replace(
        /\$\{([A-Z_]+)(:-([^}]*)|:\?[^}]*)?\}/g,
        (_, name: string, _d, def?: string) => def ?? `secret-${name}`,
      ),
    ]),
  );
}

/** `docker compose` (v2 plugin) or `docker-compose`, whichever is on PATH; none is needed to run the suite. */
function composeBinary(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0)
    return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  return undefined;
}
const COMPOSE = composeBinary();

function composeConfig(files: string[], env: Record<string, string>, quiet = true) {
  const [cmd, ...pre] = COMPOSE!;
  const args = [
    ...pre,
    ...files.flatMap((f) => ['-f', join(ROOT, f)]),
    'config',
    ...(quiet ? ['--quiet'] : []),
  ];
  return spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

/** The Compose Specification's JSON schema, as the dclint linter ships it (draft-07). */
function composeSchemaValidator() {
  const path = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  // The schema names its meta-schema with an address ajv does not register; it is not fetched.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

const networksOf = (s: Service) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));

describe('docker-compose.yml agrees with the apps', () => {
  const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
  const kafkaEnv = compose.services.kafka.environment as Record<string, string | number>;
  const configOf = (app: string): AppConfig => loadConfig(withDefaults(compose.services[app].environment!));

  it('runs every app, Kafka in KRaft mode from the official image, and PostgreSQL, each with a healthcheck and limits', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...APPS, 'kafka', 'postgres'].sort());
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafkaEnv).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    for (const [name, s] of Object.entries(compose.services)) {
      expect({ name, healthcheck: Boolean(s.healthcheck) }).toEqual({ name, healthcheck: true });
      expect({ name, limits: Boolean(s.deploy?.resources?.limits) }).toEqual({ name, limits: true });
    }
  });

  it('runs the apps with least privilege: non-root, read-only, no capabilities', () => {
    for (const app of APPS) {
      const s = compose.services[app];
      expect({ app, user: s.user, read_only: s.read_only, cap_drop: s.cap_drop }).toEqual({
        app,
        user: 'node',
        read_only: true,
        cap_drop: ['ALL'],
      });
    }
  });

  it('gives each app only variables the configuration knows, and a configuration that validates', () => {
    for (const app of APPS) {
      const env = compose.services[app].environment!;
      const unknown = Object.keys(env).filter((k) => k !== 'APP' && !CONFIG_VARIABLES.includes(k));
      expect({ app, unknown }).toEqual({ app, unknown: [] });
      expect(env.APP).toBe(app);
      configOf(app);
    }
  });

  it('gives the database only to the apps that use it, each as the role of its need', () => {
    const roleOf = (app: string) => {
      const url = configOf(app).db.url;
      return url && new URL(url).username;
    };
    expect(APPS.map((app) => [app, roleOf(app)])).toEqual([
      ['normalizer', undefined],
      ['curator', undefined],
      ['projector', 'newswire_writer'],
      ['api', 'newswire_reader'],
      ['ingest', undefined],
      ['router', undefined],
    ]);
    // The roles come from deploy/postgres on the database's first start, with the passwords the apps use.
    const postgres = compose.services.postgres;
    const mounts = (postgres.volumes as unknown as string[]).filter((v) => v.startsWith('./'));
    for (const mount of mounts) expect(existsSync(join(ROOT, mount.split(':')[0]))).toBe(true);
    expect(mounts).toEqual([
      './deploy/postgres/10-newswire-roles.sh:/docker-entrypoint-initdb.d/10-newswire-roles.sh:ro',
      './deploy/postgres/roles.sql:/newswire/roles.sql:ro',
    ]);
    const script = readFileSync(join(ROOT, 'deploy/postgres/10-newswire-roles.sh'), 'utf8');
    expect(script).toContain('-v writer=newswire_writer -v reader=newswire_reader');
    for (const secret of ['NEWSWIRE_WRITER_PASSWORD', 'NEWSWIRE_READER_PASSWORD'])
      expect(Object.keys(postgres.environment!)).toContain(secret);
    // The reader may not migrate: the api waits until the projector, which does, is up.
    expect((compose.services.api as { depends_on?: unknown }).depends_on).toMatchObject({
      projector: { condition: 'service_healthy' },
    });
  });

  it('runs Kafka and PostgreSQL without capabilities they do not need, and never gaining any', () => {
    const { kafka, postgres } = compose.services as Record<
      string,
      Service & { cap_add?: string[]; security_opt?: string[] }
    >;
    expect(kafka).toMatchObject({ cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
    expect(kafka.cap_add).toBeUndefined();
    expect(postgres).toMatchObject({ cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
    expect(postgres.cap_add?.sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
  });

  it('lets every Kafka connection setting be overridden from the environment, for an external cluster', () => {
    const connection = CONFIG_VARIABLES.filter((v) => /^KAFKA_(BROKERS|SSL|SASL_)/.test(v));
    expect(connection).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_PASSWORD']),
    );
    for (const app of APPS) {
      const env = compose.services[app].environment!;
      const fixed = connection.filter((v) => !String(env[v]).startsWith(`\${${v}:-`));
      expect({ app, fixed }).toEqual({ app, fixed: [] });
    }
  });

  it("points the apps by default at the bundled broker's advertised listener, in plaintext as it speaks", () => {
    const protocols = new Map(
      String(kafkaEnv.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP)
        .split(',')
        .map((p) => p.split(':') as [string, string]),
    );
    const advertised = String(kafkaEnv.KAFKA_ADVERTISED_LISTENERS)
      .split(',')
      .map((l) => /^([A-Z_]+):\/\/([^:]+):(\d+)$/.exec(l)!)
      .map(([, name, host, port]) => ({ address: `${host}:${port}`, port, protocol: protocols.get(name) }));
    const listening = String(kafkaEnv.KAFKA_LISTENERS);
    for (const app of APPS) {
      const { kafka } = configOf(app);
      for (const broker of kafka.brokers) {
        const listener = advertised.find((l) => l.address === broker);
        expect({ app, broker, listener }).toEqual({
          app,
          broker,
          listener: { address: broker, port: expect.any(String), protocol: 'PLAINTEXT' },
        });
        expect(listening).toContain(`://:${listener!.port}`);
        // A service's name resolves only on a network it shares with the app.
        const host = broker.split(':')[0];
        expect(Object.keys(compose.services)).toContain(host);
        expect(
          networksOf(compose.services[app]).some((n) => networksOf(compose.services[host]).includes(n)),
        ).toBe(true);
      }
      expect({ app, ssl: kafka.ssl, sasl: kafka.sasl }).toEqual({ app, ssl: false, sasl: undefined });
    }
    // The bundled broker is on the internal network only, with no published port.
    expect(networksOf(compose.services.kafka)).toEqual(['internal']);
    expect(compose.networks?.internal?.internal).toBe(true);
    expect(compose.services.kafka).not.toHaveProperty('ports');
  });

  it('creates no topic itself: every app bootstraps the topics of libs/contracts from the same settings', () => {
    // Topics are created by the apps' bootstrap (topicSpecs) only: no auto-creation, no init container.
    expect(String(kafkaEnv.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
    for (const [name, s] of Object.entries(compose.services)) {
      const commands = JSON.stringify([s.command, s.entrypoint, s.healthcheck]);
      expect({ name, createsTopics: /kafka-topics|TopicCommand|--create/.test(commands) }).toEqual({
        name,
        createsTopics: false,
      });
    }
    const layouts = APPS.map((app) => {
      const { topicPrefix, partitions, eventsGeneration, groupPrefix } = configOf(app).kafka;
      return { topicPrefix, partitions, eventsGeneration, groupPrefix };
    });
    // One set of topics: the curator writes the generation the projector reads, and so on.
    for (const layout of layouts) expect(layout).toEqual(layouts[0]);
    const { topicPrefix, partitions, eventsGeneration } = layouts[0];
    // Compose's defaults are the apps' own.
    expect(partitions).toBe(loadConfig({}).kafka.partitions);
    expect(eventsGeneration).toBe(loadConfig({}).kafka.eventsGeneration);
    const specs = topicSpecs(topicPrefix, partitions, eventsGeneration);
    expect(specs.map((s) => s.name).sort()).toEqual(
      Object.values(topicNames(topicPrefix, eventsGeneration)).sort(),
    );
    const spec = (key: TopicKey) =>
      specs.find((s) => s.name === topicNames(topicPrefix, eventsGeneration)[key])!;
    expect([spec('raw'), spec('events'), spec('projections')].map((s) => s.partitions)).toEqual([
      partitions,
      partitions,
      partitions,
    ]);
    // A stage's instances share its input's partitions: more would sit idle.
    for (const [app, key] of [
      ['normalizer', 'raw'],
      ['projector', 'events'],
    ] as const) {
      const replicas = compose.services[app].deploy?.replicas ?? 1;
      expect({ app, fits: replicas <= spec(key).partitions }).toEqual({ app, fits: true });
    }
    // The curator's input has one partition: one active writer, plus one hot standby.
    expect(spec('enriched').partitions).toBe(1);
    expect(compose.services.curator.deploy?.replicas).toBe(2);
    // The stages' transactions and groups need their internal topics on this one node.
    const nodes = String(kafkaEnv.KAFKA_CONTROLLER_QUORUM_VOTERS).split(',').length;
    for (const rf of [
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
    ]) {
      expect({ rf, fits: Number(kafkaEnv[rf]) <= nodes }).toEqual({ rf, fits: true });
    }
  });

  it('keeps secrets out of the file', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/PASSWORD:\s*["']?[A-Za-z0-9]{4,}["']?\s*$/m);
    for (const secret of Object.keys(SECRETS)) expect(text).toContain(`\${${secret}:?`);
  });

  it('validates against the Compose Specification schema, and a file it refuses fails', () => {
    const validate = composeSchemaValidator();
    for (const file of ['docker-compose.yml', 'docker-compose.external-kafka.yml']) {
      const doc = load(readFileSync(join(ROOT, file), 'utf8'));
      expect({ file, errors: validate(doc) ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    broken.services.api.restart_policy = 'always';
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ params: { additionalProperty: 'restart_policy' } }),
    );
  });

  it('cannot start without a database password: every use of each secret is a required `${VAR:?…}`', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const secret of Object.keys(SECRETS)) {
      const uses = [...text.matchAll(new RegExp(`\\$\\{${secret}([^}]*)\\}`, 'g'))].map((m) => m[1]);
      expect({ secret, used: uses.length > 0 }).toEqual({ secret, used: true });
      expect({ secret, optional: uses.filter((u) => !u.startsWith(':?')) }).toEqual({ secret, optional: [] });
    }
  });

  describe('with docker-compose.external-kafka.yml (read as written, without a compose binary)', () => {
    const override = load(readFileSync(join(ROOT, 'docker-compose.external-kafka.yml'), 'utf8')) as Compose;

    it('mounts the PEM folder read-only where the settings say, requires KAFKA_TLS_DIR, and gives each app a way out', () => {
      for (const app of APPS) {
        const s = override.services[app];
        expect({ app, volumes: s.volumes }).toEqual({
          app,
          volumes: [
            {
              type: 'bind',
              source: expect.stringMatching(/^\$\{KAFKA_TLS_DIR:\?/),
              target: '/run/secrets/kafka',
              read_only: true,
            },
          ],
        });
        // Compose merges networks: the app keeps the base file's and gains one that is not internal.
        const networks = new Set([...networksOf(compose.services[app]), ...networksOf(s)]);
        const all = { ...compose.networks, ...override.networks };
        const egress = [...networks].filter((n) => n in all && all[n]?.internal !== true);
        expect({ app, egress: egress.length > 0 }).toEqual({ app, egress: true });
        // The override leaves the base file's least privilege alone.
        expect({ app, keys: Object.keys(s).filter((k) => !['networks', 'volumes'].includes(k)) }).toEqual({
          app,
          keys: [],
        });
      }
      // The apps read the CA from a file in that folder, as mounted.
      const tlsDir = mkdtempSync(join(tmpdir(), 'newswire-kafka-tls-'));
      try {
        writeFileSync(
          join(tlsDir, 'ca.pem'),
          '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        );
        const config = loadConfig({
          KAFKA_BROKERS: 'b1.example.net:9094',
          KAFKA_SSL: 'true',
          KAFKA_SSL_CA_FILE: join(tlsDir, 'ca.pem'),
        });
        expect(config.kafka.ssl).toMatchObject({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
      } finally {
        rmSync(tlsDir, { recursive: true, force: true });
      }
    });
  });

  (COMPOSE ? describe : describe.skip)(
    `with a compose binary on PATH (${COMPOSE?.join(' ') ?? 'none found: skipped'})`,
    () => {
      it('is accepted by docker compose config, and refuses to run without each database password', () => {
        const ok = composeConfig(['docker-compose.yml'], SECRETS);
        expect(ok.error).toBeUndefined();
        expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
        for (const secret of Object.keys(SECRETS)) {
          const noSecret = composeConfig(['docker-compose.yml'], { ...SECRETS, [secret]: '' });
          expect({ secret, refused: noSecret.status !== 0 }).toEqual({ secret, refused: true });
          expect(noSecret.stderr).toContain(secret);
        }
      });

      describe('with docker-compose.external-kafka.yml', () => {
        const files = ['docker-compose.yml', 'docker-compose.external-kafka.yml'];
        let tlsDir: string;
        beforeAll(() => {
          tlsDir = mkdtempSync(join(tmpdir(), 'newswire-kafka-tls-'));
          writeFileSync(
            join(tlsDir, 'ca.pem'),
            '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
          );
        });
        afterAll(() => rmSync(tlsDir, { recursive: true, force: true }));

        it('points every app at the external cluster over TLS and SASL, with the PEM folder mounted where the settings say', () => {
          const external = {
            ...SECRETS,
            KAFKA_BROKERS: 'b1.example.net:9094,b2.example.net:9094',
            KAFKA_SSL: 'true',
            KAFKA_SSL_CA_FILE: '/run/secrets/kafka/ca.pem',
            KAFKA_TLS_DIR: tlsDir,
            KAFKA_SASL_MECHANISM: 'scram-sha-512',
            KAFKA_SASL_USERNAME: 'newswire',
            KAFKA_SASL_PASSWORD: 'from-the-environment',
          };
          const run = composeConfig(files, external, false);
          expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
          const merged = load(run.stdout) as Compose;
          for (const app of APPS) {
            const s = merged.services[app];
            const mount = s.volumes?.find((v) => v.target === '/run/secrets/kafka');
            expect({ app, mount }).toEqual({
              app,
              mount: expect.objectContaining({ type: 'bind', source: tlsDir, read_only: true }),
            });
            // The app's view of the mount, here: its settings read the file from the host folder.
            const env = withDefaults(s.environment!);
            const config = loadConfig({
              ...env,
              KAFKA_SSL_CA_FILE: env.KAFKA_SSL_CA_FILE.replace(mount!.target, tlsDir),
            });
            expect(config.kafka).toMatchObject({
              brokers: ['b1.example.net:9094', 'b2.example.net:9094'],
              ssl: { ca: expect.stringContaining('BEGIN CERTIFICATE') },
              sasl: { mechanism: 'scram-sha-512', username: 'newswire' },
            });
            // The internal network has no way out; the app needs another one to reach the cluster.
            const egress = networksOf(s).filter((n) => merged.networks?.[n]?.internal !== true);
            expect({ app, egress: egress.length > 0 }).toEqual({ app, egress: true });
            expect({ app, user: s.user, read_only: s.read_only }).toEqual({
              app,
              user: 'node',
              read_only: true,
            });
          }
          const noDir = composeConfig(files, { ...external, KAFKA_TLS_DIR: '' });
          expect(noDir.status).not.toBe(0);
          expect(noDir.stderr).toMatch(/KAFKA_TLS_DIR/);
        });
      });
    },
  );
});

/** A Dockerfile's stages, with the COPY and RUN steps in order (enough for this project's file). */
interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}
interface Stage {
  name?: string;
  workdir: string;
  steps: ({ copy: Copy } | { run: string })[];
  user?: string;
  cmd?: string;
}

function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [instruction, ...args] = line.split(/\s+/);
    const stage = stages[stages.length - 1];
    switch (instruction.toUpperCase()) {
      case 'FROM':
        stages.push({ name: /\sAS\s+(\S+)/i.exec(line)?.[1], workdir: '/', steps: [] });
        break;
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir, args[0]);
        break;
      case 'COPY': {
        const flags = args.filter((a) => a.startsWith('--'));
        const paths = args.filter((a) => !a.startsWith('--'));
        if (paths[0]?.startsWith('[')) throw new Error(`COPY in JSON form is not parsed here: ${line}`);
        const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
        stage.steps.push({ copy: { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] } });
        break;
      }
      case 'RUN':
        stage.steps.push({ run: line.slice(4) });
        break;
      case 'USER':
        stage.user = args[0];
        break;
      case 'CMD':
        stage.cmd = line.slice(4);
        break;
    }
  }
  return stages;
}

const GLOB: Record<string, string> = { '**': '.*', '*': '[^/]*', '?': '[^/]' };

/** Whether .dockerignore keeps a path (or a folder above it) out of the build context. */
function dockerIgnore(): (path: string) => boolean {
  const file = join(ROOT, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  if (patterns.some((p) => p.startsWith('!')))
    throw new Error('.dockerignore exceptions (!) are not parsed here');
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\/+|\/+$/g, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*|\*|\?/g, (m) => GLOB[m]);
    return new RegExp(`^${body}$`);
  });
  return (path) => {
    const parts = path.split('/');
    return parts.some((_, i) => regexes.some((r) => r.test(parts.slice(0, i + 1).join('/'))));
  };
}

/**
 * Where a path of the image (absolute, in `stage`) comes from: the last COPY before step `before`
 * that puts something there. A folder copies its content; a file lands in a folder dest (ending in
 * /, ., or with several sources) under its own name. A source in another stage counts as a folder
 * unless its name has an extension.
 */
function copiedFrom(
  stage: Stage,
  path: string,
  before: number,
): { from?: string; source: string } | undefined {
  for (let i = Math.min(before, stage.steps.length) - 1; i >= 0; i--) {
    const step = stage.steps[i];
    if (!('copy' in step)) continue;
    const { from, sources, dest } = step.copy;
    const destAbs = posix.resolve(stage.workdir, dest);
    const intoFolder = dest.endsWith('/') || dest === '.' || sources.length > 1;
    for (const src of sources) {
      const isDir =
        from === undefined
          ? existsSync(join(ROOT, src)) && statSync(join(ROOT, src)).isDirectory()
          : !posix.extname(src);
      if (isDir && path.startsWith(destAbs + '/')) {
        return { from, source: posix.join(src, path.slice(destAbs.length + 1)) };
      }
      if (!isDir && path === (intoFolder ? posix.join(destAbs, posix.basename(src)) : destAbs)) {
        return { from, source: src };
      }
    }
  }
  return undefined;
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const buildIndex = stages.findIndex((s) =>
    s.steps.some((st) => 'run' in st && /\bnpm run build\b/.test(st.run)),
  );
  const build = stages[buildIndex];
  const runtime = stages[stages.length - 1];
  const stepOf = (stage: Stage, re: RegExp) => stage.steps.findIndex((st) => 'run' in st && re.test(st.run));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };

  const ignored = dockerIgnore();
  let inputs: { files: string[]; sources: string[] } | undefined;
  /** The project files `npm run build` reads: its script, the tsconfig files, every source tsc compiles. */
  const buildInputs = () => (inputs ??= readBuildInputs());
  const readBuildInputs = () => {
    const files = new Set(['package.json']);
    const script = pkg.scripts.build;
    const scriptFiles = script
      .split(/\s+/)
      .filter((w) => existsSync(join(ROOT, w)) && statSync(join(ROOT, w)).isFile());
    expect(scriptFiles).not.toEqual([]);
    const tsconfigs: string[] = [];
    for (const f of scriptFiles) {
      files.add(f);
      for (const [, name] of readFileSync(join(ROOT, f), 'utf8').matchAll(
        /['"]([\w./-]*tsconfig[\w.-]*\.json)['"]/g,
      )) {
        tsconfigs.push(name);
      }
    }
    expect(tsconfigs).not.toEqual([]);
    for (let i = 0; i < tsconfigs.length; i++) {
      files.add(tsconfigs[i]);
      const { config } = ts.readConfigFile(join(ROOT, tsconfigs[i]), ts.sys.readFile) as {
        config?: { extends?: string };
      };
      if (config?.extends) tsconfigs.push(posix.join(posix.dirname(tsconfigs[i]), config.extends));
    }
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, tsconfigs[0]),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    // Module resolution only (no type check): the sources tsc reads, the ones other files import included.
    const program = ts.createProgram({
      rootNames: parsed.fileNames,
      options: { ...parsed.options, noLib: true },
    });
    const sources = program
      .getSourceFiles()
      .map((f) => relative(ROOT, f.fileName))
      .filter((f) => !f.startsWith('..') && !f.split('/').includes('node_modules'));
    return { files: [...files, ...sources], sources };
  };

  it('has a build stage that builds with npm run build after npm ci, and runs as an unprivileged user', () => {
    expect(build).toBeDefined();
    expect(stepOf(build, /\bnpm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(stepOf(build, /\bnpm ci\b/)).toBeLessThan(stepOf(build, /\bnpm run build\b/));
    expect(runtime).not.toBe(build);
    expect(runtime.user).toBe('node');
  });

  it('copies into the build stage every file npm run build reads, before it runs', () => {
    expect(buildInputs().files).toEqual(
      expect.arrayContaining(['scripts/build.js', 'tsconfig.build.json', 'tsconfig.json']),
    );
    expect(buildInputs().sources.length).toBeGreaterThan(50);
    const before = stepOf(build, /\bnpm run build\b/);
    const missing = buildInputs().files.filter((f) => {
      const origin = copiedFrom(build, posix.join(build.workdir, f), before);
      return !origin || origin.from !== undefined || origin.source !== f || ignored(f);
    });
    expect(missing).toEqual([]);
    // npm ci reads the manifest and the lock file.
    const ci = stepOf(build, /\bnpm ci\b/);
    for (const f of ['package.json', 'package-lock.json'])
      expect(copiedFrom(build, posix.join(build.workdir, f), ci)).toEqual({ source: f });
  });

  it('puts in the final image every app entry point, the CLI, and the data the CLI reads at runtime', () => {
    const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
    const apps = Object.values(compose.services)
      .map((s) => s.environment?.APP)
      .filter((a): a is string => typeof a === 'string');
    expect(apps.sort()).toEqual([...APPS].sort());
    // CMD runs dist/apps/${APP}/src/main.js: the image must hold it for every APP compose sets.
    const entry = /(dist\/apps\/\$\{APP\}\/[\w/.]+\.js)/.exec(runtime.cmd ?? '')?.[1];
    expect(entry).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(ROOT, 'fixtures/samples/manifest.json'), 'utf8')) as {
      files: { file: string; error?: string }[];
    };
    const needed = [
      ...apps.map((app) => entry!.replace('${APP}', app)),
      'dist/apps/cli/src/main.js',
      'bin/newswire.js',
      // The CLI finds its folder by these two (apps/cli/src/project-root.ts).
      'package.json',
      'scripts/kafka.sh',
      // `newswire demo` publishes these (apps/cli/src/commands/demo.command.ts).
      'fixtures/seed/seed-story.txt',
      'fixtures/samples/manifest.json',
      ...manifest.files.filter((f) => !f.error).map((f) => `fixtures/samples/${f.file}`),
      // Outlet registry, cue lexicon and the other JSON data are compiled into dist.
      'dist/libs/attribution/data/outlet-registry.json',
      ...Object.keys(pkg.dependencies).map((d) => `node_modules/${d}/package.json`),
    ];
    const compiled = new Set(buildInputs().sources.map((f) => f.replace(/\.ts$/, '.js')));
    /** Whether the build stage has `path` (relative to its workdir): built, installed, or copied in. */
    const inBuild = (path: string): boolean => {
      if (path.startsWith('dist/')) return compiled.has(path.slice('dist/'.length));
      if (path.startsWith('node_modules/')) return existsSync(join(ROOT, path));
      const origin = copiedFrom(build, posix.join(build.workdir, path), build.steps.length);
      return origin?.from === undefined && origin?.source === path && !ignored(path);
    };
    const missing = needed.filter((path) => {
      const origin = copiedFrom(runtime, posix.join(runtime.workdir, path), runtime.steps.length);
      if (!origin) return true;
      if (origin.from === undefined) return !existsSync(join(ROOT, origin.source)) || ignored(origin.source);
      if (origin.from !== build.name) return true;
      return (
        !origin.source.startsWith(build.workdir + '/') ||
        !inBuild(origin.source.slice(build.workdir.length + 1))
      );
    });
    expect(missing).toEqual([]);
  });
});
