/**
 * The plain-NestJS baseline of `npm run bench -- e2e`: a Nest microservice on the built-in Kafka
 * transport. Started by the bench as its own process (dist/bench/nest-baseline/main.js).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Pool } from 'pg';
import { baselineConfig as config } from './baseline.config';
import { BaselineModule } from './baseline.module';

async function main(): Promise<void> {
  const [schema] = config.table.split('.');
  const pool = new Pool({ connectionString: config.databaseUrl, max: 1 });
  await pool.query(`create schema if not exists ${schema}`);
  await pool.query(
    `create table if not exists ${config.table} (article_id text primary key, version integer not null, projection json not null)`,
  );
  await pool.end();
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
