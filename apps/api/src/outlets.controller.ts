import { Controller, Get } from '@nestjs/common';
import { defaultRegistry } from '@newswire/attribution';
import type { OutletList } from './response.schemas';

@Controller('outlets')
export class OutletsController {
  private readonly registry = defaultRegistry();

  /** The outlet registry: names, aliases, kind, country, who controls each outlet. */
  @Get()
  list(): OutletList {
    return { version: this.registry.version, outlets: this.registry.outlets };
  }
}
