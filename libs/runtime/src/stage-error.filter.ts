import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * For a stage on StageTransport: hands a handler's error to the runner as it was thrown, so its
 * StageError code names the dead letter, where Nest's default filter would replace it with a
 * generic "Internal server error". `microservice.useGlobalFilters(new StageErrorFilter())`.
 */
@Catch()
export class StageErrorFilter implements RpcExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}
