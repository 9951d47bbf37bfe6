import { describe, expect, it } from '@jest/globals';
import { parseFeedsFile } from './feeds-file';

const HASH = 'a'.repeat(64);

describe('parseFeedsFile', () => {
  it('reads each kind from YAML with its defaults', () => {
    const feeds = parseFeedsFile(`
feeds:
  - id: gazette
    kind: http-poll
    url: https://gazette.example/rss
    auth: { type: bearer, token: { env: GAZETTE_TOKEN } }
  - id: agency-drop
    kind: drop-folder
    path: /srv/ftp/agency
    tempPattern: "*.part"
  - id: partner
    kind: http-push
    tokenSha256: ${HASH}
`);
    expect(feeds.map((f) => f.kind)).toEqual(['http-poll', 'drop-folder', 'http-push']);
    expect(feeds[0]).toMatchObject({ intervalSeconds: 60, jitter: 0.1, maxRedirects: 5, timeoutSeconds: 30 });
    expect(feeds[1]).toMatchObject({ settleSeconds: 5, match: '*' });
  });

  it('reads JSON too', () => {
    expect(
      parseFeedsFile(JSON.stringify({ feeds: [{ id: 'p', kind: 'http-push', tokenSha256: HASH }] })),
    ).toHaveLength(1);
  });

  it('names the feed and the field of a bad value', () => {
    expect(() =>
      parseFeedsFile('feeds:\n  - id: gazette\n    kind: http-poll\n    url: ftp://nope\n', 'feeds.yaml'),
    ).toThrow(/^feeds\.yaml: feed 'gazette': url: /);
    expect(() => parseFeedsFile('feeds:\n  - kind: drop-folder\n    path: /x\n')).toThrow(/feed #1: id: /);
    expect(() => parseFeedsFile('feeds:\n  - id: a\n    kind: http-push\n    tokenSha256: secret\n')).toThrow(
      /feed 'a': tokenSha256: the hex SHA-256/,
    );
    expect(() =>
      parseFeedsFile('feeds:\n  - id: a\n    kind: drop-folder\n    path: /x\n    setle: 3\n'),
    ).toThrow(/feed 'a': .*setle/);
  });

  it('refuses two feeds with one id, and YAML that does not parse', () => {
    const push = `  - id: a\n    kind: http-push\n    tokenSha256: ${HASH}\n`;
    expect(() => parseFeedsFile(`feeds:\n${push}${push}`)).toThrow(/feed 'a': id: used by two feeds/);
    expect(() => parseFeedsFile('feeds: [')).toThrow(/feeds file: /);
  });
});
