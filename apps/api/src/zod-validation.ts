import type { z } from 'zod';
import { invalidParameters } from './problem';

/**
 * Parses a route's query or path parameters (an object schema) with zod; a failure is a 400
 * problem naming each offending parameter.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'query' | 'path',
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalidParameters(
    r.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ in: where, parameter: key, detail: 'not a parameter of this route' }))
        : [{ in: where, parameter: issue.path.map(String).join('.') || where, detail: issue.message }],
    ),
  );
}
