import { z } from 'zod';
import { OutletKind } from './attribution.schema';
import { ProjectionStatus } from './article-projection.schema';
import { SecretRef } from './secret-ref.schema';

const IsoDateTime = z.iso.datetime({ offset: true });
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1).optional();

/**
 * Which articles a subscriber gets. Every criterion given must hold; within one list, any value
 * does. The outlet criteria hold together for ONE cited outlet ("citing Iranian state media":
 * `outletCountries: [IR]` and `outletKinds: [state-media]` name the same outlet). An empty filter
 * takes every article.
 */
export const SubscriptionFilter = z.strictObject({
  /** Outlet ids cited (`irib`, `unnamed:state-media`). */
  outlets: nonEmpty(z.string().regex(/^[a-z0-9:-]+$/, 'an outlet id ([a-z0-9:-])')),
  outletKinds: nonEmpty(OutletKind),
  /** ISO 3166 alpha-2 country of a cited outlet, as the registry has it. */
  outletCountries: nonEmpty(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code (IR)')),
  /** Who controls a cited outlet, as the registry writes it (case-insensitive). */
  outletControllers: nonEmpty(z.string().min(1)),
  /** BCP-47 primary tags or full tags: `en` takes `en-GB` too. */
  languages: nonEmpty(z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'a BCP-47 tag')),
  statuses: nonEmpty(ProjectionStatus),
  /** IPTC urgency, 1 most urgent: an article at this urgency or more urgent; one without urgency never. */
  maxUrgency: z.number().int().min(1).max(9).optional(),
  /** Subject names or codes (case-insensitive). */
  subjects: nonEmpty(z.string().min(1)),
  /** Keywords (case-insensitive). */
  keywords: nonEmpty(z.string().min(1)),
  /** First-published window, both ends inclusive. */
  firstPublished: z.strictObject({ since: IsoDateTime.optional(), until: IsoDateTime.optional() }).optional(),
});
export type SubscriptionFilter = z.infer<typeof SubscriptionFilter>;

export const SubscriptionFormat = z.enum(['ninjs-3.1', 'ninjs-2.2', 'newswire-json']);
export type SubscriptionFormat = z.infer<typeof SubscriptionFormat>;

export const KafkaDelivery = z.strictObject({ kind: z.literal('kafka') });

export const WebhookDelivery = z.strictObject({
  kind: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** The HMAC-SHA256 key the receiver checks signatures with. */
  secret: SecretRef,
  /**
   * A PEM file of the CA that signed the receiver's certificate (a partner's private CA), trusted
   * beside the system's for this subscriber only.
   */
  caFile: z.string().min(1).optional(),
  timeoutSeconds: z.number().min(0.1).max(300).default(10),
  /** Attempts of one delivery before it goes to the subscriber's dead letters. */
  maxAttempts: z.number().int().min(1).max(100).default(8),
  /** The first retry waits this long; each next one twice as long, up to maxBackoffSeconds. */
  backoffSeconds: z.number().min(0.01).max(3600).default(1),
  maxBackoffSeconds: z.number().min(0.01).max(3600).default(60),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const SubscriptionDelivery = z.discriminatedUnion('kind', [KafkaDelivery, WebhookDelivery]);
export type SubscriptionDelivery = z.infer<typeof SubscriptionDelivery>;

/** A subscriber: the articles it takes, in which format, delivered how. */
export const Subscription = z.strictObject({
  /** Part of topic and group names: `article.out.v1.<name>`. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "_" and "-" (at most 64)'),
  filter: SubscriptionFilter.default({}),
  format: SubscriptionFormat.default('ninjs-3.1'),
  delivery: SubscriptionDelivery,
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionsFile = z.strictObject({ subscriptions: z.array(Subscription) });
export type SubscriptionsFile = z.infer<typeof SubscriptionsFile>;

/**
 * What the router has sent one subscriber of one article: the projection version, and whether
 * it is live there (false once a kill, or a withdrawal after the article stopped matching, went out).
 */
export const DeliveredState = z.object({ version: z.number().int().min(1), live: z.boolean() });
export type DeliveredState = z.infer<typeof DeliveredState>;

/** A record of `router.state.v1`, keyed by articleId: the article's state at each subscriber it reached. */
export const RouterStateRecord = z.object({
  articleId: z.string(),
  subscribers: z.record(z.string(), DeliveredState),
});
export type RouterStateRecord = z.infer<typeof RouterStateRecord>;
