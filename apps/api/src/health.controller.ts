import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { MessageBus } from '@newswire/kafka';
import type { StageMetrics } from '@newswire/observability';
import { BUS, METRICS, READ_MODEL } from '@newswire/runtime';
import type { ReadModelStore } from '@newswire/storage';

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer in ${ms} ms`)), ms),
    ),
  ]);

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(METRICS) private readonly metrics: StageMetrics,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'State of Kafka and PostgreSQL' })
  check() {
    return this.health.check([
      async () => {
        const kafka = this.indicator.check('kafka');
        try {
          const admin = await withTimeout(this.bus.admin(), 3000, 'Kafka');
          try {
            const topics = await withTimeout(admin.listTopics(), 3000, 'Kafka');
            return kafka.up({ topics: topics.length });
          } finally {
            await admin.close();
          }
        } catch (error) {
          return kafka.down({ message: (error as Error).message });
        }
      },
      async () => {
        const db = this.indicator.check('postgresql');
        try {
          await withTimeout(this.store.ping(), 3000, 'PostgreSQL');
          return db.up();
        } catch (error) {
          return db.down({ message: (error as Error).message });
        }
      },
    ]);
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  metricsText(): Promise<string> {
    return this.metrics.text();
  }
}
