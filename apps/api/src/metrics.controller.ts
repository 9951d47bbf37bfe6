import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { StageMetrics } from '@newswire/observability';
import { METRICS } from '@newswire/runtime';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: StageMetrics) {}

  /** Prometheus text exposition. */
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  @Header('cache-control', 'no-store')
  text(): Promise<string> {
    return this.metrics.text();
  }
}
