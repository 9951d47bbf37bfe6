import { z } from 'zod';

/** Where a secret is: a file (its content, trimmed) or an environment variable. Never the secret itself. */
export const SecretRef = z.union([
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }),
]);
export type SecretRef = z.infer<typeof SecretRef>;
