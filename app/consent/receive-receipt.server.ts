// Receiving one consent receipt from the app proxy, after the route verified Shopify's signature:
// parse, count against the rate limits, record once. The receipt row is its own inbox entry: its
// requestKey (from the proxy signature) is unique per shop, so a replayed request fails on the index
// and nothing is stored twice. One INSERT, no queue: nothing is lost when Redis is down.
import { createHash } from "node:crypto";
import type { RedisConnection } from "../jobs/redis.server";
import type { Logger } from "pino";
import { isUniqueViolation, type Db } from "../db.server";
import { newId } from "../ids.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { queueRescore } from "../personalization/jobs.server";
import { ipRef, subjectRef } from "../privacy/privacy-keys.server";
import { truncatedNetwork } from "./client-ip.server";
import { countRequest, type RateLimit } from "./rate-limit.server";
import { parseReceipt } from "./receipt-payload.server";

/**
 * A banner sends one receipt per choice: ten a minute from one browser is already a person clicking
 * back and forth. An address may stand for a whole office or mobile carrier, hence the higher limit.
 */
export const RECEIPT_LIMITS = {
  perConsentId: { limit: 10, windowMs: 60_000 },
  perAddress: { limit: 120, windowMs: 60_000 },
} as const;

export type ReceiptOutcome =
  | { outcome: "recorded"; id: string }
  | { outcome: "invalid"; status: 400 | 413; reason: string }
  | { outcome: "limited"; retryAfterSeconds: number }
  | { outcome: "replayed" };

/**
 * The signature names the proxied request: the same request sent again carries it again. Guests of one
 * shop loading the same path in the same second share a signature, so for them the consent id (one
 * per browser) is part of the key; a logged-in customer's signed request cannot be reused at all.
 */
function requestKey({ signature, customerId, consentId }: { signature: string; customerId: string | null; consentId: string }) {
  return createHash("sha256").update(customerId ? `customer|${signature}` : `guest|${signature}|${consentId}`).digest("base64url");
}

export async function receiveConsentReceipt({
  db,
  redis,
  redisPrefix,
  log,
  shop,
  customerId,
  signature,
  body,
  ip,
  now = new Date(),
}: {
  db: Db;
  redis: RedisConnection;
  redisPrefix: string;
  log: Logger;
  shop: string;
  /** From the proxy's signed logged_in_customer_id only; null for a guest. */
  customerId: string | null;
  signature: string;
  body: string;
  ip: string | null;
  now?: Date;
}): Promise<ReceiptOutcome> {
  const parsed = parseReceipt(body);
  if (!parsed.ok) return { outcome: "invalid", status: parsed.status, reason: parsed.reason };
  const { receipt } = parsed;

  const limits: RateLimit[] = [{ name: "consent-id", value: receipt.consentId, ...RECEIPT_LIMITS.perConsentId }];
  if (ip) limits.push({ name: "address", value: ipRef({ shop, ip }), ...RECEIPT_LIMITS.perAddress });
  try {
    const decision = await countRequest({ redis, prefix: redisPrefix, shop, limits, now: now.getTime() });
    if (decision.limited) return { outcome: "limited", retryAfterSeconds: decision.retryAfterSeconds };
  } catch (error) {
    // Losing a shopper's proof of consent is worse than a short time without flood protection.
    log.warn({ err: error, shop }, "consent receipt rate limit unavailable (Redis); receipt accepted without it");
  }

  const id = newId();
  try {
    await db.consentReceipt.create({
      data: {
        id,
        shop,
        requestKey: requestKey({ signature, customerId, consentId: receipt.consentId }),
        consentId: receipt.consentId,
        customerRef: customerId ? subjectRef({ shop, customerId }) : null,
        ...receipt.choices,
        region: receipt.region,
        revision: receipt.revision,
        language: receipt.language,
        declaredAt: new Date(receipt.timestamp),
        recordedAt: now,
        // The page, not its query or fragment: those may carry an email address or an order token.
        path: receipt.path.split(/[?#]/, 1)[0]!,
        ipHash: ip ? ipRef({ shop, ip: truncatedNetwork(ip) }) : null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "replayed" };
    throw error;
  }
  // A logged-in customer's choice may give or withdraw consent to personalization: it asks its gate
  // again. After the receipt, not with it: the proof of consent must not depend on the queue's table.
  if (customerId) {
    try {
      relaySoon([await queueRescore(db, { shop, customerId })]);
    } catch (error) {
      log.warn({ err: error, shop }, "personalization rescore after a receipt not queued; the nightly run catches up");
    }
  }
  return { outcome: "recorded", id };
}
