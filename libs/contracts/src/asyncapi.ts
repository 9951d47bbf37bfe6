/**
 * The AsyncAPI 3 description of every topic newswire writes, and the JSON Schemas of their
 * messages, generated from the zod schemas the code validates with (never written twice).
 */
import { z } from 'zod';
import { ArticleEvent } from './article-events.schema';
import { ArticleProjection } from './article-projection.schema';
import { DlqErrorCode, RedriveRecord } from './dlq';
import { IngestStateRecord } from './ingest-state.schema';
import { RouterStateRecord } from './subscription.schema';
import {
  HEADERS,
  MAX_RECORD_BYTES,
  subscriptionDlqTopic,
  subscriptionTopic,
  topicNames,
  type TopicKey,
} from './topics';
import { EnrichedStoryMessage } from './wire-messages.schema';

type JsonSchema = Record<string, unknown>;

/** The JSON-valued messages, by the name their schema file and AsyncAPI component get. */
const JSON_MESSAGES = {
  EnrichedStoryMessage,
  ArticleEvent,
  ArticleProjection,
  IngestStateRecord,
  RedriveRecord,
  RouterStateRecord,
} as const;
export type JsonMessageName = keyof typeof JSON_MESSAGES;

/**
 * Draft 2020-12 JSON Schema of each JSON message, as a consumer validates what it reads (`io:
 * 'output'`: defaults are filled in, so they are required).
 */
export function messageJsonSchemas(): Record<JsonMessageName, JsonSchema> {
  const entries = Object.entries(JSON_MESSAGES).map(([name, schema]): [string, JsonSchema] => [
    name,
    { $id: `urn:newswire:schema:${name}`, title: name, ...jsonSchemaOf(schema) },
  ]);
  return Object.fromEntries(entries) as Record<JsonMessageName, JsonSchema>;
}

function jsonSchemaOf(schema: z.ZodType, target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12'): JsonSchema {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target }) as JsonSchema;
}

const text = (description: string): JsonSchema => ({ type: 'string', description });

const RAW_HEADERS: Record<string, JsonSchema> = {
  [HEADERS.contentType]: text('media type of the bytes (optional: the format is sniffed when absent)'),
  [HEADERS.wireSource]: text('the feed the story came from'),
  [HEADERS.receivedAt]: { type: 'string', format: 'date-time', description: 'when newswire received it' },
  [HEADERS.traceId]: text('trace id, carried to every message derived from this one'),
};
const TRACE_HEADER = { [HEADERS.traceId]: RAW_HEADERS[HEADERS.traceId] };

const DLQ_HEADERS: Record<string, JsonSchema> = {
  ...RAW_HEADERS,
  [HEADERS.dlq.code]: { type: 'string', enum: [...DlqErrorCode], description: 'why it was rejected' },
  [HEADERS.dlq.message]: text('the error, for people'),
  [HEADERS.dlq.stage]: text('the stage that rejected it'),
  [HEADERS.dlq.topic]: text('the topic it was read from'),
  [HEADERS.dlq.partition]: text('its partition there (decimal)'),
  [HEADERS.dlq.offset]: text('its offset there (decimal)'),
  [HEADERS.dlq.key]: text('its key there'),
  [HEADERS.dlq.failedAt]: { type: 'string', format: 'date-time', description: 'when it was rejected' },
  [HEADERS.redriveOf]: text(
    'on a redriven record and its later dead letters: `partition:offset` of the first',
  ),
};

interface ChannelSpec {
  key: TopicKey;
  title: string;
  description: string;
  keyDescription: string;
  /** A JSON message's component name, or raw bytes. */
  payload: JsonMessageName | 'bytes';
  headers: Record<string, JsonSchema>;
  writer: string;
}

const CHANNELS: ChannelSpec[] = [
  {
    key: 'raw',
    title: 'Raw wire stories',
    description:
      'Wire stories exactly as received, in any format newswire reads; kept forever for reprocessing.',
    keyDescription: 'the feed id',
    payload: 'bytes',
    headers: RAW_HEADERS,
    writer: '`newswire publish` and the ingest app',
  },
  {
    key: 'enriched',
    title: 'Enriched stories',
    description:
      'Each raw story parsed into the canonical story with its attributions. One partition: the curator reads it in total order.',
    keyDescription: '`source:guid`',
    payload: 'EnrichedStoryMessage',
    headers: TRACE_HEADER,
    writer: 'the normalizer',
  },
  {
    key: 'events',
    title: 'Article events (the log)',
    description:
      'The source of truth: every decision about every article, in order per article, retained forever.',
    keyDescription: 'the articleId',
    payload: 'ArticleEvent',
    headers: {
      ...TRACE_HEADER,
      [HEADERS.eventType]: text('the event type'),
      [HEADERS.schemaVersion]: text("the payload's schemaVersion (older ones are upcast on read)"),
    },
    writer: 'the curator, its only writer',
  },
  {
    key: 'projections',
    title: 'Article projections',
    description: 'The latest projection of each article (compacted): subscribe here for article updates.',
    keyDescription: 'the articleId',
    payload: 'ArticleProjection',
    headers: { ...TRACE_HEADER, [HEADERS.projectionVersion]: text('the projection version (decimal)') },
    writer: 'the projector',
  },
  {
    key: 'dlq',
    title: 'Dead letters',
    description:
      'What a stage rejected: the original bytes with the reason; `newswire dlq redrive` sends it back.',
    keyDescription: 'the original key',
    payload: 'bytes',
    headers: DLQ_HEADERS,
    writer: 'any stage',
  },
  {
    key: 'redrives',
    title: 'Redrives',
    description:
      'Which dead-letter records `newswire dlq redrive` has sent back (compacted), so a later redrive skips them unless told `--again`.',
    keyDescription: '`partition:offset` of the first dead-letter record',
    payload: 'RedriveRecord',
    headers: {},
    writer: '`newswire dlq redrive`',
  },
  {
    key: 'ingestState',
    title: 'Ingest state',
    description:
      'What the ingest app has seen per feed (compacted), written in the same transaction as the raw stories it published.',
    keyDescription: 'feed id and item key',
    payload: 'IngestStateRecord',
    headers: {},
    writer: 'the ingest app',
  },
  {
    key: 'routerState',
    title: 'Router state',
    description:
      'What the router has delivered to each subscriber of each article (compacted), written in the same transaction as those deliveries.',
    keyDescription: 'the articleId',
    payload: 'RouterStateRecord',
    headers: {},
    writer: 'the router',
  },
];

/** Every channel's topic name: a channel the document lacks fails its test. */
export const ASYNCAPI_TOPICS: readonly TopicKey[] = CHANNELS.map((c) => c.key);

const BYTES: JsonSchema = { type: 'string', format: 'binary', maxLength: MAX_RECORD_BYTES };

/** The AsyncAPI 3.0 document for one deployment's topics (prefix and event-log generation). */
export function asyncApiDocument(options: { prefix?: string; eventsGeneration?: number } = {}) {
  const names = topicNames(options.prefix ?? '', options.eventsGeneration ?? 1);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const c of CHANNELS) {
    const message = `${c.key}Message`;
    messages[message] = {
      name: c.payload === 'bytes' ? `${c.key}-bytes` : c.payload,
      title: c.title,
      contentType: c.payload === 'bytes' ? 'application/octet-stream' : 'application/json',
      headers: { type: 'object', properties: c.headers },
      payload: c.payload === 'bytes' ? BYTES : { $ref: `#/components/schemas/${c.payload}` },
      bindings: {
        kafka: { key: { type: 'string', description: c.keyDescription }, bindingVersion: '0.5.0' },
      },
    };
    channels[c.key] = {
      address: names[c.key],
      title: c.title,
      description: c.description,
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
    };
    operations[`write-${c.key}`] = {
      action: 'send',
      summary: `written by ${c.writer}`,
      channel: { $ref: `#/channels/${c.key}` },
      messages: [{ $ref: `#/channels/${c.key}/messages/${message}` }],
    };
  }
  subscriptionChannels(options.prefix ?? '', channels, operations, messages);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'newswire topics',
      // The version of the topics' contract: every topic is a v1, changed only additively.
      version: '1.0.0',
      description: 'The Kafka topics newswire writes, their keys, headers and payloads.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: asyncApiSchemas() },
  };
}

const NINJS_VERSIONS = {
  ninjs31: ['3.1', 'application/ninjs+json; version=3.1'],
  ninjs22: ['2.2', 'application/ninjs+json; version=2.2'],
} as const;

/**
 * The router's topics, one per subscription (`{subscription}` is its name): each article version
 * a subscriber takes, in the subscription's format, and a webhook subscriber's dead letters.
 */
function subscriptionChannels(
  prefix: string,
  channels: Record<string, unknown>,
  operations: Record<string, unknown>,
  messages: Record<string, unknown>,
): void {
  const headers = {
    type: 'object',
    properties: {
      ...TRACE_HEADER,
      [HEADERS.projectionVersion]: text('the projection version delivered (decimal)'),
      [HEADERS.signal]: text(
        'published, update, correction, writethru, new-guid; withdrawn (a kill) or unmatched (it stopped matching the filter): both sent canceled',
      ),
      [HEADERS.contentType]: text(
        'the format: application/ninjs+json; version=3.1 or 2.2, or application/json',
      ),
    },
  };
  const kafka = { key: { type: 'string', description: 'the articleId' }, bindingVersion: '0.5.0' };
  for (const [name, [version, contentType]] of Object.entries(NINJS_VERSIONS)) {
    messages[`${name}Message`] = {
      name: `ninjs-${version}`,
      title: `An article version in IPTC ninjs ${version}`,
      contentType,
      headers,
      payload: {
        type: 'object',
        description: `IPTC ninjs ${version} (http://www.iptc.org/std/ninjs/ninjs-schema_${version}.json); uri urn:newswire:article:<articleId>, version the projection version, pubStatus canceled when withdrawn`,
        required: ['uri'],
      },
      bindings: { kafka },
    };
  }
  messages.subscriptionJsonMessage = {
    name: 'ArticleProjection',
    title: "An article version in newswire's JSON",
    contentType: 'application/json',
    headers,
    payload: { $ref: '#/components/schemas/ArticleProjection' },
    bindings: { kafka },
  };
  const parameters = { subscription: { description: 'the subscription name' } };
  const refs = ['ninjs31Message', 'ninjs22Message', 'subscriptionJsonMessage'];
  const spec = [
    {
      key: 'subscription',
      address: subscriptionTopic(prefix, '{subscription}'),
      title: 'A subscription',
      description:
        'The article versions one subscriber takes, exactly once, in order per article: a kill, or an article that stopped matching, goes out canceled to every subscriber that had it.',
    },
    {
      key: 'subscriptionDlq',
      address: subscriptionDlqTopic(prefix, '{subscription}'),
      title: "A webhook subscriber's dead letters",
      description:
        'Deliveries the receiver did not take after every attempt, with dlq-* headers; `newswire subscriptions redrive NAME` sends them again.',
    },
  ];
  for (const c of spec) {
    channels[c.key] = {
      address: c.address,
      title: c.title,
      description: c.description,
      parameters,
      messages: Object.fromEntries(refs.map((r) => [r, { $ref: `#/components/messages/${r}` }])),
    };
    operations[`write-${c.key}`] = {
      action: 'send',
      summary: 'written by the router',
      channel: { $ref: `#/channels/${c.key}` },
      messages: refs.map((r) => ({ $ref: `#/channels/${c.key}/messages/${r}` })),
    };
  }
}

/** AsyncAPI's default schema format is a superset of JSON Schema draft-07, without `$schema`. */
function asyncApiSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(JSON_MESSAGES).map(([name, schema]) => {
      const { $schema: _draft, ...rest } = jsonSchemaOf(schema, 'draft-7');
      return [name, rest];
    }),
  );
}
