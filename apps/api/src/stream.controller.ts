import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Controller,
  Get,
  Headers,
  Inject,
  Query,
  Req,
  Res,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { ArticleProjection, type TopicNames } from '@newswire/contracts';
import type { MessageBus, RunningConsumer } from '@newswire/kafka';
import type { Logger } from '@newswire/observability';
import { decodePosition, encodePosition, streamFilter, type StreamPosition } from '@newswire/routing';
import { BUS, CONFIG, LOGGER, TOPIC_NAMES } from '@newswire/runtime';
import { invalidParameters, tooManyStreams } from './problem';
import { StreamQuery } from './query.schemas';
import { validate } from './zod-validation';

/** A projection the filter takes; one that is not a projection is not the client's to see. */
function sendable(text: string, matches: (p: ArticleProjection) => boolean): boolean {
  try {
    const parsed = ArticleProjection.safeParse(JSON.parse(text));
    return parsed.success && matches(parsed.data);
  } catch {
    return false;
  }
}

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15000;

interface OpenStream {
  consumer?: RunningConsumer;
  res: ServerResponse;
}

/**
 * GET /stream: server-sent events of article.projections.v1 as they change, filtered by the
 * parameters of GET /articles. Each event's id is the next offset of every partition, so a client
 * that comes back with Last-Event-ID misses nothing and gets nothing twice (of the projections
 * compaction has kept). Each stream reads the topic with a consumer of its own.
 */
@Controller()
export class StreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<OpenStream>();
  /** Streams past the limit check that are not open yet (finding their start positions). */
  private starting = 0;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
  ) {}

  @Get('stream')
  async stream(
    @Query() query: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: { raw: IncomingMessage },
    @Res() reply: { hijack(): void; raw: ServerResponse },
  ): Promise<void> {
    const matches = streamFilter(validate(StreamQuery, query, 'query'));
    const from = lastEventId === undefined ? undefined : decodePosition(lastEventId);
    if (lastEventId !== undefined && !from)
      throw invalidParameters([
        { in: 'header', parameter: 'last-event-id', detail: 'not an id this stream sent' },
      ]);
    // Each stream holds a consumer (a group member, a connection, fetches): their number is bounded.
    if (this.open.size + this.starting >= this.config.http.maxStreams) {
      this.logger.warn(
        { open: this.open.size, max: this.config.http.maxStreams },
        'stream refused: at its limit',
      );
      throw tooManyStreams(this.config.http.maxStreams);
    }
    this.starting++;
    // Fixed before the consumer starts, and given to it as its start: nothing written after this is missed.
    const position: StreamPosition = await this.startPositions(from).finally(() => this.starting--);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    res.write(': reading\n\n');
    const stream: OpenStream = { res };
    this.open.add(stream);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const close = () => {
      clearInterval(keepAlive);
      if (!this.open.delete(stream)) return;
      void stream.consumer
        ?.stop()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'stream stop failed'));
      res.end();
    };
    req.raw.once('close', close);
    try {
      stream.consumer = await this.bus.runSink({
        stage: 'stream',
        groupId: `${this.config.kafka.groupPrefix}.api.stream.${randomUUID()}`,
        topics: [this.topics.projections],
        sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
        fromBeginning: false,
        commitToKafka: false,
        // Also where a re-join of the stream's own group goes on from.
        startOffsets: (_topic, partition) => Promise.resolve(position.get(partition)?.toString()),
        handleBatch: async (messages) => {
          for (const m of messages) {
            position.set(m.partition, BigInt(m.offset) + 1n);
            const text = m.value?.toString('utf8');
            if (!text) continue;
            if (!sendable(text, matches)) continue;
            // A slow reader holds back its own consumer only.
            if (!res.write(`id: ${encodePosition(position)}\nevent: article\ndata: ${text}\n\n`))
              await new Promise((resolve) => res.once('drain', resolve));
          }
        },
      });
    } catch (error) {
      this.logger.error({ err: error }, 'stream could not start');
      close();
      return;
    }
    // The client left while the consumer joined its group.
    if (!this.open.has(stream)) await stream.consumer.stop();
  }

  /**
   * Where a stream starts: after the event Last-Event-ID names, else at the topic's end now (a
   * partition the id lacks starts at its end too).
   */
  private async startPositions(from: StreamPosition | undefined): Promise<StreamPosition> {
    const admin = await this.bus.admin();
    try {
      const ends = await admin.topicOffsets(this.topics.projections);
      // An id past the end (another topic's, or before a reset) starts at the end; one before the
      // start, at the start: compaction and deletion removed what lay between.
      const clamp = (o: bigint, low: bigint, high: bigint) => (o < low ? low : o > high ? high : o);
      return new Map(
        ends.map((e) => {
          const [low, high] = [BigInt(e.low), BigInt(e.high)];
          return [e.partition, clamp(from?.get(e.partition) ?? high, low, high)];
        }),
      );
    } finally {
      await admin.close();
    }
  }

  /** Before the server closes: it would wait for ever on open streams. */
  async beforeApplicationShutdown(): Promise<void> {
    const streams = [...this.open];
    this.open.clear();
    await Promise.all(
      streams.map(async (s) => {
        await s.consumer?.stop();
        s.res.end();
      }),
    );
  }
}
