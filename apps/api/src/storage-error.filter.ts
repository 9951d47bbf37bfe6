import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { StorageError } from '@newswire/storage';

/** A query the read model refuses (a forged cursor, an impossible filter) is the caller's error: 400. */
@Catch(StorageError)
export class StorageErrorFilter implements ExceptionFilter {
  catch(error: StorageError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    const client = error.code === 'BAD_CURSOR' || error.code === 'BAD_QUERY';
    reply.status(client ? 400 : 500).send({
      statusCode: client ? 400 : 500,
      error: client ? 'Bad Request' : 'Internal Server Error',
      message: client ? error.message : 'the read model failed',
    });
  }
}
