// The curator app as built (its module's runtime, its CuratorStage, its transactions), whose handler
// stalls once, after deciding the events of the story traced CURATOR_STALL_TRACE and before its
// transaction: a handler slower than the session timeout. Every instance of the group runs this;
// the one that creates CURATOR_STALL_FILE first stalls until CURATOR_STALL_FILE.release exists (the
// test's signal), the others never do, so the instance taking the partition over can finish the work;
// the stalled one's late transaction is then refused (the runner logs 'transaction aborted').
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HEADERS, TOPICS } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import { RuntimeModule, bootstrapStage, type StageContext } from '@newswire/runtime';
import { CuratorStage } from '../../apps/curator/src/curator.stage';

/** The stall is only a fault while the test watches: never longer than this. */
const MAX_STALL_MS = 60000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True for the one instance that creates the file (O_EXCL), whichever it is. */
function claim(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

const trace = process.env.CURATOR_STALL_TRACE;
const file = process.env.CURATOR_STALL_FILE;
if (!trace || !file) throw new Error('CURATOR_STALL_TRACE and CURATOR_STALL_FILE are required');

@Controller()
class StallingCuratorStage extends CuratorStage {
  @EventPattern(TOPICS.enriched)
  override async curate(@Payload() m: InMessage, @Ctx() context: StageContext): Promise<OutMessage[]> {
    const out = await super.curate(m, context);
    if (m.headers[HEADERS.traceId] === trace && claim(file!)) {
      this.logger.warn({ traceId: trace, events: out.length }, 'curator handler stalled');
      // No heartbeat meanwhile, as in a handler stuck on a slow call.
      const until = Date.now() + MAX_STALL_MS;
      while (!existsSync(`${file}.release`) && Date.now() < until) await sleep(100);
      this.logger.warn({ traceId: trace }, 'curator handler released');
    }
    return out;
  }
}

@Module({ imports: [RuntimeModule.forRoot('curator')], controllers: [StallingCuratorStage] })
class StallingCuratorModule {}

void bootstrapStage(StallingCuratorModule, 'curator');
