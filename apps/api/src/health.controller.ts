import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { MessageBus } from '@newswire/kafka';
import type { StageMetrics } from '@newswire/observability';
import { BUS, METRICS, READ_MODEL_READER, healthReport, kafkaProbe, postgresProbe } from '@newswire/runtime';
import type { ReadModelReader } from '@newswire/storage';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(READ_MODEL_READER) private readonly store: ReadModelReader,
    @Inject(METRICS) private readonly metrics: StageMetrics,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'State of Kafka and PostgreSQL' })
  async check() {
    const { details } = await healthReport({
      kafka: kafkaProbe(this.bus),
      postgresql: postgresProbe(this.store),
    });
    // The probes are shared with the workers' /health; terminus gives the answer its usual shape.
    return this.health.check(
      Object.entries(details).map(([name, { status, ...detail }]) => () => {
        const indicator = this.indicator.check(name);
        return status === 'up' ? indicator.up(detail) : indicator.down(detail);
      }),
    );
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  metricsText(): Promise<string> {
    return this.metrics.text();
  }
}
