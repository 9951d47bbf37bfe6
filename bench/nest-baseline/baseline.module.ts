import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { Pool } from 'pg';
import { baselineConfig as config } from './baseline.config';
import { PipelineController } from './pipeline.controller';

@Module({
  imports: [
    ClientsModule.register([
      {
        name: 'KAFKA',
        transport: Transport.KAFKA,
        options: {
          client: { clientId: 'nest-baseline-out', brokers: config.brokers },
          producerOnlyMode: true,
        },
      },
    ]),
  ],
  controllers: [PipelineController],
  providers: [
    { provide: Pool, useFactory: () => new Pool({ connectionString: config.databaseUrl, max: 4 }) },
  ],
})
export class BaselineModule {}
