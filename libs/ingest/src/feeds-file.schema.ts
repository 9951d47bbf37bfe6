import { SecretRef } from '@newswire/contracts';
import { z } from 'zod';

export { SecretRef };

const Auth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: SecretRef }),
  z.strictObject({ type: z.literal('bearer'), token: SecretRef }),
  z.strictObject({
    type: z.literal('api-key'),
    header: z.string().regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name'),
    key: SecretRef,
  }),
]);

const seconds = (def: number, min = 0) => z.number().min(min).default(def);

/** What every kind of feed has. The id is the `wire-source` of everything the feed sends. */
const common = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 64)'),
  /** Largest document (and item) taken; default MAX_INPUT_BYTES. */
  maxBytes: z.number().int().min(1024).optional(),
  /** Failing for this long logs one warning and shows the feed as failing on /health. */
  failingAfterSeconds: seconds(300),
};

export const HttpPollFeed = z.strictObject({
  ...common,
  kind: z.literal('http-poll'),
  url: z.url({ protocol: /^https?$/ }),
  intervalSeconds: seconds(60, 0.1),
  /** Each wait is the interval times 1 ± jitter, so that many feeds do not poll in step. */
  jitter: z.number().min(0).max(0.5).default(0.1),
  timeoutSeconds: seconds(30, 1),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  /** Back-off after failures doubles from the interval up to this. */
  maxBackoffSeconds: seconds(3600, 1),
  /** Overrides the answer's content type (a server that labels feeds text/plain). */
  contentType: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  auth: Auth.optional(),
});
export type HttpPollFeed = z.infer<typeof HttpPollFeed>;

export const DropFolderFeed = z.strictObject({
  ...common,
  kind: z.literal('drop-folder'),
  path: z.string().min(1),
  /** A file is complete once its size and time have not changed for this long. */
  settleSeconds: seconds(5),
  /**
   * Names an upload has while in progress (a glob such as `*.part` or `.*`): such a file is never
   * taken, and a file renamed from one is taken at once, without waiting to settle.
   */
  tempPattern: z.string().default('.*'),
  /** Only names matching this glob are taken (default: all). */
  match: z.string().default('*'),
  scanSeconds: seconds(1, 0.05),
  contentType: z.string().optional(),
});
export type DropFolderFeed = z.infer<typeof DropFolderFeed>;

export const HttpPushFeed = z.strictObject({
  ...common,
  kind: z.literal('http-push'),
  /** Hex SHA-256 of the feed's bearer token: the token itself is never stored. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the hex SHA-256 of the token (64 lower-case hex digits)'),
});
export type HttpPushFeed = z.infer<typeof HttpPushFeed>;

export const FeedSpec = z.discriminatedUnion('kind', [HttpPollFeed, DropFolderFeed, HttpPushFeed]);
export type FeedSpec = z.infer<typeof FeedSpec>;

export const FeedsFile = z.strictObject({ feeds: z.array(FeedSpec) });
export type FeedsFile = z.infer<typeof FeedsFile>;

/** The request headers a feed's auth adds, with its secrets as `secret` resolves them. */
export function authHeaders(
  auth: HttpPollFeed['auth'],
  secret: (ref: SecretRef) => string,
): Record<string, string> {
  if (!auth) return {};
  switch (auth.type) {
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${secret(auth.password)}`).toString('base64')}`,
      };
    case 'bearer':
      return { authorization: `Bearer ${secret(auth.token)}` };
    case 'api-key':
      return { [auth.header.toLowerCase()]: secret(auth.key) };
  }
}
