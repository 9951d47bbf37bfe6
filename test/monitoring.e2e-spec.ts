import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { StageMetrics } from '@newswire/observability';

const ROOT = join(__dirname, '..');
const PROMETHEUS = join(ROOT, 'deploy', 'prometheus');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'newswire-dashboard.json');

interface Panel {
  title: string;
  targets: { expr: string }[];
}

/**
 * The operations kit in deploy/: Prometheus' own promtool checks the scrape config and the alert
 * rules, runs the rules' unit tests (each alert fires on the series it is written for, and not on
 * a healthy stack's) and parses every expression of the Grafana dashboard; each metric they name is
 * one the apps expose.
 */
describe('deploy/: alert rules and Grafana dashboard', () => {
  const promtool = execFileSync('bash', [join(ROOT, 'scripts', 'promtool.sh')], { encoding: 'utf8' }).trim();
  const run = (...args: string[]) => {
    const r = spawnSync(promtool, args, { cwd: PROMETHEUS, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const rules = load(readFileSync(join(PROMETHEUS, 'alerts.yml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const alerts = rules.groups.flatMap((g) => g.rules);

  it('has a valid scrape config and alert rules', () => {
    expect(run('check', 'config', 'prometheus.yml')).toMatchObject({ code: 0 });
  });

  it('fires each alert in its unit test, and every alert has one', () => {
    expect(run('test', 'rules', 'alerts.test.yml')).toMatchObject({ code: 0 });
    const tests = load(readFileSync(join(PROMETHEUS, 'alerts.test.yml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const fired = new Set(
      tests.tests.flatMap((t) =>
        t.alert_rule_test.filter((a) => a.exp_alerts.length).map((a) => a.alertname),
      ),
    );
    expect(alerts.map((a) => a.alert).filter((a) => !fired.has(a))).toEqual([]);
  });

  it('has dashboard expressions that Prometheus parses', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(5);
    // promtool parses expressions in rule files: each panel's as a recording rule. Grafana's
    // $__rate_interval is given a value as Grafana would.
    const file = join(mkdtempSync(join(tmpdir(), 'newswire-dashboard-')), 'panels.yml');
    const recorded = exprs.map((expr, i) => ({
      record: `panel:${i}`,
      expr: expr.replace(/\$__rate_interval/g, '1m'),
    }));
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules: recorded }] }));
    expect(run('check', 'rules', file)).toMatchObject({ code: 0 });
  });

  it('names only metrics the apps expose', async () => {
    const exposed = new Set(
      (await new StageMetrics('any').registry.getMetricsAsJSON()).flatMap((m) =>
        m.type === ('histogram' as never)
          ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`]
          : [m.name],
      ),
    );
    const named = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...alerts.map((a) => a.expr),
    ]
      .flatMap((e) => e.match(/\b(newswire|nodejs|process)_\w+/g) ?? [])
      .filter((n) => !exposed.has(n));
    expect(named).toEqual([]);
  });
});
