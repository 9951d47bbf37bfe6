import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './subscriptions.command';

const file = join(mkdtempSync(join(tmpdir(), 'newswire-subs-')), 'subscriptions.yaml');
writeFileSync(
  file,
  `subscriptions:
  - name: english
    filter: { languages: [en] }
    delivery: { kind: kafka }
  - name: partner
    format: ninjs-2.2
    delivery: { kind: webhook, url: 'https://partner.example/in', secret: { env: PARTNER_SECRET } }
`,
);

async function subscriptions(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err: err.join('') };
}

describe('newswire subscriptions', () => {
  it('lists each subscription with its topic, never a secret', async () => {
    const { code, out } = await subscriptions('list', '--file', file);
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        name: 'english',
        format: 'ninjs-3.1',
        delivery: { kind: 'kafka' },
        topic: 'article.out.v1.english',
        filter: { languages: ['en'] },
      },
      {
        name: 'partner',
        format: 'ninjs-2.2',
        delivery: { kind: 'webhook', url: 'https://partner.example/in' },
        topic: 'article.out.v1.partner',
        filter: {},
      },
    ]);
    expect(out.join('')).not.toContain('PARTNER_SECRET');
  });

  it('refuses what it cannot do, saying why', async () => {
    expect(await subscriptions('redrive', 'english', '--file', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining("'english' is a Kafka subscription"),
    });
    expect(await subscriptions('redrive', 'nobody', '--file', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining("no subscription 'nobody'"),
    });
    expect((await subscriptions('list', '--fiel', file)).code).toBe(2);
    expect((await subscriptions('purge', '--file', file)).code).toBe(2);
    expect((await subscriptions('--help')).code).toBe(0);
  });
});
