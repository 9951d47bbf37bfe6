import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { defaultRegistry } from '@newswire/attribution';

@ApiTags('outlets')
@Controller('outlets')
export class OutletsController {
  private readonly registry = defaultRegistry();

  @Get()
  @ApiOperation({ summary: 'The outlet registry: names, aliases, kind, country, who controls each outlet' })
  list() {
    return { version: this.registry.version, outlets: this.registry.outlets };
  }
}
