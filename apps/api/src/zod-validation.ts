import { BadRequestException } from '@nestjs/common';

type SafeParser<T> = {
  safeParse(
    v: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/** Parses HTTP input with a zod schema; a failure becomes a 400 naming each bad parameter. */
export function validate<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map(
    (i) => `${i.path.length ? i.path.map(String).join('.') : what}: ${i.message}`,
  );
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid ${what}: ${details.join('; ')}`,
    details,
  });
}
