import { describe, expect, it } from '@jest/globals';
import { parseSubscriptionsFile } from './subscriptions-file';

describe('parseSubscriptionsFile', () => {
  it('reads Kafka and webhook subscriptions from YAML with their defaults', () => {
    const subs = parseSubscriptionsFile(`
subscriptions:
  - name: iran-state-media
    filter:
      languages: [en]
      outletCountries: [IR]
      outletKinds: [state-broadcaster, state-media]
      firstPublished: { since: 2026-01-01T00:00:00Z }
    delivery: { kind: kafka }
  - name: partner
    format: ninjs-2.2
    delivery:
      kind: webhook
      url: https://partner.example/hook
      secret: { env: PARTNER_HOOK_SECRET }
`);
    expect(subs.map((s) => [s.name, s.format, s.delivery.kind])).toEqual([
      ['iran-state-media', 'ninjs-3.1', 'kafka'],
      ['partner', 'ninjs-2.2', 'webhook'],
    ]);
    expect(subs[1].delivery).toMatchObject({ timeoutSeconds: 10, maxAttempts: 8, backoffSeconds: 1 });
    expect(subs[1].filter).toEqual({});
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({ subscriptions: [{ name: 'all', delivery: { kind: 'kafka' } }] });
    expect(parseSubscriptionsFile(json)).toHaveLength(1);
  });

  it('names the subscription and the field of a bad value', () => {
    const one = (body: string) => `subscriptions:\n  - name: s1\n${body}`;
    expect(() =>
      parseSubscriptionsFile(
        one('    delivery: { kind: webhook, url: ftp://x, secret: { env: S } }\n'),
        'subs.yaml',
      ),
    ).toThrow(/^subs\.yaml: subscription 's1': delivery\.url: /);
    expect(() =>
      parseSubscriptionsFile(one('    filter: { languages: [english!] }\n    delivery: { kind: kafka }\n')),
    ).toThrow(/subscription 's1': filter\.languages\.0: a BCP-47 tag/);
    expect(() =>
      parseSubscriptionsFile(one('    filter: { langauges: [en] }\n    delivery: { kind: kafka }\n')),
    ).toThrow(/subscription 's1': filter: .*langauges/);
    expect(() => parseSubscriptionsFile('subscriptions:\n  - delivery: { kind: kafka }\n')).toThrow(
      /subscription #1: name: /,
    );
    expect(() =>
      parseSubscriptionsFile(
        one('    delivery: { kind: webhook, url: https://x.example, secret: hunter2 }\n'),
      ),
    ).toThrow(/subscription 's1': delivery\.secret: /);
  });

  it('refuses two subscriptions of one name, a name no topic may have, and YAML that does not parse', () => {
    const sub = '  - name: a\n    delivery: { kind: kafka }\n';
    expect(() => parseSubscriptionsFile(`subscriptions:\n${sub}${sub}`)).toThrow(
      /subscription 'a': name: used by two subscriptions/,
    );
    expect(() =>
      parseSubscriptionsFile('subscriptions:\n  - name: A/b\n    delivery: { kind: kafka }\n'),
    ).toThrow(/subscription 'A\/b': name: lower-case/);
    expect(() => parseSubscriptionsFile('subscriptions: [')).toThrow(/subscriptions file: /);
  });
});
