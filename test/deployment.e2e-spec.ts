import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_VARIABLES, loadConfig } from '@newswire/config';

const ROOT = join(__dirname, '..');
type Service = {
  environment?: Record<string, unknown>;
  image?: string;
  healthcheck?: unknown;
  deploy?: { resources?: { limits?: unknown } };
};

describe('docker-compose.yml agrees with the apps', () => {
  const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
  };
  const apps = ['normalizer', 'curator', 'projector', 'api'];

  it('runs every app, Kafka in KRaft mode from the official image, and PostgreSQL, each with a healthcheck and limits', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...apps, 'kafka', 'postgres'].sort());
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(compose.services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    for (const [name, s] of Object.entries(compose.services)) {
      expect({ name, healthcheck: Boolean(s.healthcheck) }).toEqual({ name, healthcheck: true });
      expect({ name, limits: Boolean(s.deploy?.resources?.limits) }).toEqual({ name, limits: true });
    }
  });

  it('gives each app only variables the configuration knows, and a configuration that validates', () => {
    for (const app of apps) {
      const env = compose.services[app].environment!;
      const unknown = Object.keys(env).filter((k) => k !== 'APP' && !CONFIG_VARIABLES.includes(k));
      expect({ app, unknown }).toEqual({ app, unknown: [] });
      expect(env.APP).toBe(app);
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          String(v).replace(
            /\$\{([A-Z_]+)(:-([^}]*)|:\?[^}]*)?\}/g,
            (_, name, _d, def) => def ?? `secret-${name}`,
          ),
        ]),
      );
      const config = loadConfig(resolved);
      expect(config.kafka.brokers).toEqual(['kafka:9092']);
      expect(config.db.url).toMatch(/^postgres:\/\/newswire:.+@postgres:5432\/newswire$/);
    }
  });

  it('keeps secrets out of the file', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/PASSWORD:\s*["']?[A-Za-z0-9]{4,}["']?\s*$/m);
    expect(text).toContain('${POSTGRES_PASSWORD:?');
  });

  it('is accepted by docker compose config, and refuses to run without a database password', () => {
    // `docker compose` (v2 plugin) where it exists, else Debian's docker-compose (.ci/run installs it).
    const v2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
    const [cmd, pre] = v2 ? ['docker', ['compose']] : ['docker-compose', []];
    const run = (env: Record<string, string>) =>
      spawnSync(cmd, [...pre, '-f', join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...env },
      });
    const ok = run({ POSTGRES_PASSWORD: 'from-the-environment' });
    expect(ok.error).toBeUndefined();
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    const noSecret = run({});
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toMatch(/POSTGRES_PASSWORD/);
  });
});
