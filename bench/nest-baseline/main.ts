/**
 * The plain-NestJS baseline of `npm run bench -- e2e`: a Nest microservice on the built-in Kafka
 * transport. Started by the bench as its own process (dist/bench/nest-baseline/main.js).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { baselineConfig as config } from './baseline.config';
import { BaselineModule } from './baseline.module';

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BaselineModule, {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'nest-baseline', brokers: config.brokers },
      consumer: { groupId: config.groupId },
      subscribe: { fromBeginning: true },
    },
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen();
  process.stdout.write('nest baseline listening\n');
}

void main();
