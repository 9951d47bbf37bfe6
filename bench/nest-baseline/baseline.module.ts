import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { openReadModelStore } from '@newswire/storage';
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
    {
      provide: 'READ_MODEL',
      useFactory: () => openReadModelStore({ databaseUrl: config.databaseUrl, schema: config.schema }),
    },
  ],
})
export class BaselineModule {}
