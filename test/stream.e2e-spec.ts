import { type ArticleProjection, type TopicNames } from '@newswire/contracts';
import { IRIB, REUTERS, projectionAt } from '../libs/routing/src/projection.fixture';
import { appEnv, startApp, type AppProcess } from './support/app-process';
import { e2eHarness } from './support/e2e-harness';
import { freePort } from './support/free-port';
import { createTopics, eventually, uniquePrefix } from './support/kafka-test-env';
import { sendProjections } from './support/send-projections';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A real EventSource-style reader over fetch: events as they arrive, comments apart. */
function openStream(url: string, lastEventId?: string) {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const status = fetch(url, {
    signal: abort.signal,
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  }).then(async (res) => {
    if (!res.ok || !res.body) return res.status;
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: SseEvent = { data: '' };
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else if (line.startsWith('id: ')) event.id = line.slice(4);
              else if (line.startsWith('event: ')) event.event = line.slice(7);
              else if (line.startsWith('data: ')) event.data += line.slice(6);
            }
            if (event.data) events.push(event);
          }
        }
      } catch {
        // aborted by the test
      }
    })();
    return res.status;
  });
  return { events, comments, status, close: () => abort.abort() };
}

/**
 * GET /stream on the api as its own process, over the real broker: server-sent events of the
 * projections the /articles parameters select, resumed with Last-Event-ID without a loss or a repeat.
 */
describe('api: GET /stream', () => {
  const harness = e2eHarness();
  const prefix = uniquePrefix('stream');
  const schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
  let t: TopicNames;
  let api: AppProcess;
  let base: string;

  const send = (projections: ArticleProjection[]) => sendProjections(harness.bus, t.projections, projections);
  const cites = (outlet: typeof IRIB) => ({ attributions: [{ outlet, claims: [] }] });

  beforeAll(async () => {
    t = await createTopics(harness.bus, prefix);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = startApp(
      'api',
      appEnv(prefix, { DATABASE_URL, DB_SCHEMA: schema, HTTP_PORT: String(port), API_MAX_STREAMS: '2' }),
    );
    harness.apps.push(api);
    await eventually(
      async () => (await fetch(`${base}/health/live`)).ok || undefined,
      60000,
      250,
      () => api.logs(),
    );
  }, 90000);

  it('sends the projections the filter takes, and resumes after Last-Event-ID', async () => {
    const url = `${base}/stream?language=en&outlet=irib`;
    const first = openStream(url);
    expect(await first.status).toBe(200);
    await eventually(
      () => (first.comments.includes('reading') ? true : undefined),
      30000,
      100,
      () => api.logs(),
    );
    await send([
      projectionAt(1, { articleId: 'art_s1', ...cites(IRIB) }),
      projectionAt(1, { articleId: 'art_s2', language: 'fa', ...cites(IRIB) }),
      projectionAt(1, { articleId: 'art_s3', ...cites(REUTERS) }),
      projectionAt(2, { articleId: 'art_s1', ...cites(IRIB) }),
    ]);
    await eventually(
      () => (first.events.length >= 2 ? true : undefined),
      30000,
      100,
      () => api.logs(),
    );
    first.close();
    const seen = first.events.map((e) => JSON.parse(e.data) as ArticleProjection);
    expect(seen.map((p) => `${p.articleId}:${p.version}`)).toEqual(['art_s1:1', 'art_s1:2']);
    expect(first.events.every((e) => e.event === 'article' && /^\d+:\d+(,\d+:\d+)*$/.test(e.id ?? ''))).toBe(
      true,
    );

    // While no one listens, more happens; the client comes back where it was.
    await send([
      projectionAt(3, { articleId: 'art_s1', ...cites(IRIB) }),
      projectionAt(1, { articleId: 'art_s4', ...cites(IRIB), language: 'en-GB' }),
    ]);
    const resumed = openStream(url, first.events[first.events.length - 1].id);
    expect(await resumed.status).toBe(200);
    await eventually(
      () => (resumed.events.length >= 2 ? true : undefined),
      30000,
      100,
      () => api.logs(),
    );
    await new Promise((r) => setTimeout(r, 1000));
    resumed.close();
    expect(
      resumed.events
        .map((e) => (JSON.parse(e.data) as ArticleProjection).articleId + ':' + JSON.parse(e.data).version)
        .sort(),
    ).toEqual(['art_s1:3', 'art_s4:1']);
  }, 120000);

  it('refuses a bad parameter or Last-Event-ID as /articles does, naming it', async () => {
    const bad = await fetch(`${base}/stream?language=english!`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { parameter: string }[] }).errors[0].parameter).toBe('language');
    const id = await fetch(`${base}/stream`, { headers: { 'last-event-id': 'yesterday' } });
    expect(id.status).toBe(400);
    expect(((await id.json()) as { errors: { in: string; parameter: string }[] }).errors[0]).toMatchObject({
      in: 'header',
      parameter: 'last-event-id',
    });
    expect((await fetch(`${base}/stream?limit=5`)).status).toBe(400);
  });

  it('serves API_MAX_STREAMS streams at once and answers one more 503 with Retry-After, until one closes', async () => {
    const url = `${base}/stream`;
    const open = [openStream(url), openStream(url)];
    expect(await Promise.all(open.map((o) => o.status))).toEqual([200, 200]);
    const refused = await fetch(url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { type: string }).type).toBe('/problems/too-many-streams');
    open[0].close();
    // The server sees the client leave, stops its consumer and frees the place.
    const again = await eventually(
      async () => {
        const next = openStream(url);
        if ((await next.status) === 200) return next;
        next.close();
        return undefined;
      },
      30000,
      250,
      () => api.logs(),
    );
    again.close();
    open[1].close();
  }, 60000);
});
