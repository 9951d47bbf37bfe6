import { Parser } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ArticleEvent } from './article-events.schema';
import { ASYNCAPI_TOPICS, asyncApiDocument, messageJsonSchemas } from './asyncapi';
import { TOPICS, topicNames } from './topics';

describe('the AsyncAPI document', () => {
  const doc = asyncApiDocument({ prefix: 'staging.', eventsGeneration: 2 });

  it('is valid AsyncAPI 3 by the AsyncAPI parser, with no error-level diagnostic', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel for every topic newswire writes, at the deployment’s address', () => {
    expect([...ASYNCAPI_TOPICS].sort()).toEqual(Object.keys(TOPICS).sort());
    const names = topicNames('staging.', 2);
    for (const key of ASYNCAPI_TOPICS)
      expect((doc.channels[key] as { address: string }).address).toBe(names[key]);
    expect((doc.channels.events as { address: string }).address).toBe('staging.article.events.v1.gen2');
  });

  it('has the router’s channels, one topic per subscription and its dead letters', () => {
    expect((doc.channels.subscription as { address: string }).address).toBe(
      'staging.article.out.v1.{subscription}',
    );
    expect((doc.channels.subscriptionDlq as { address: string }).address).toBe(
      'staging.article.out.v1.{subscription}.dlq',
    );
  });

  it('refuses a broken document (the check can fail)', async () => {
    const broken = { ...doc, channels: { raw: { address: 7 } } };
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => d.severity === 0)).toBe(true);
  });
});

describe('the JSON Schemas of the messages', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = messageJsonSchemas();
  const event = {
    eventId: 'art_x:1',
    type: 'ArticleWithdrawn',
    schemaVersion: 1,
    articleId: 'art_x',
    sequence: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    causation: { topic: 'wire.enriched.v1', partition: 0, offset: '1', storyKey: 'afp:x' },
    traceId: 't',
    payload: { source: 'afp', guid: 'x', version: 2, reason: 'kill' },
  };

  it('compile with a draft 2020-12 validator', () => {
    for (const [name, schema] of Object.entries(schemas))
      expect({ name, ok: !!ajv.compile(schema) }).toEqual({ name, ok: true });
  });

  it('tell a well-formed event (as zod reads it) from one missing its articleId', () => {
    expect(ArticleEvent.safeParse(event).success).toBe(true);
    const validate = ajv.compile(schemas.ArticleEvent);
    expect(validate(event) ? [] : validate.errors).toEqual([]);
    const { articleId: _dropped, ...missing } = event;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...event, sequence: 0 })).toBe(false);
  });
});
