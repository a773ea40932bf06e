// What the storefront privacy center does (docs/decisions/018-privacy-center.md). Identity is either
// the logged-in customer the app proxy signs (`logged_in_customer_id`), or, for a guest, the email
// address they prove by opening a single-use link sent to it. A guest always gets the same answer,
// and the link is sent whether or not the shop knows the address: nothing tells whether an email
// belongs to a customer.
import type { Logger } from "pino";
import { z } from "zod";
import { countRequest, type RateLimit } from "../consent/rate-limit.server";
import type { Db } from "../db.server";
import type { RedisConnection } from "../jobs/redis.server";
import { ipRef, rateLimitRef, storefrontLinkMac, subjectRef } from "../privacy/privacy-keys.server";
import { createStorefrontRequest, STOREFRONT_REQUEST_TYPES, type StorefrontRequestType } from "../privacy/storefront-requests.server";
import { normaliseEmail } from "../vault/normalise.server";
import type { LatestChoice } from "./center-page.server";
import type { Mailer } from "./mailer.server";
import { checkStorefrontLink, createStorefrontLink, useStorefrontLink } from "./storefront-links.server";
import { centerStrings, fill, type CenterLanguage } from "./storefront-strings";

export const CONFIRMATION_TTL_MS = 60 * 60 * 1000;
const FORM_TTL_SECONDS = 2 * 3600;
const HOUR_MS = 3600 * 1000;

/** Per hour: a mailbox is not flooded, and one network cannot send links to many addresses. */
export const CENTER_LIMITS = { perEmail: 3, perNetwork: 20, perCustomer: 10 } as const;

export const requestForm = z.strictObject({
  intent: z.literal("request"),
  form: z.string().max(200),
  lang: z.string().max(35).optional(),
  type: z.enum(STOREFRONT_REQUEST_TYPES),
  email: z.email().max(254).optional(),
});

export const confirmForm = z.strictObject({
  intent: z.literal("confirm"),
  token: z.string().max(200),
  lang: z.string().max(35).optional(),
});

export const downloadForm = z.strictObject({
  intent: z.literal("download"),
  token: z.string().max(200),
  format: z.enum(["json", "csv"]),
  lang: z.string().max(35).optional(),
});

interface ConfirmationClaim {
  type: StorefrontRequestType;
  email: string;
}

/** Who the form was served to: a logged-in customer or a guest, in this shop, in the last two hours. */
export function formToken({ shop, customerId, now = new Date() }: { shop: string; customerId: string | null; now?: Date }) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return `${issuedAt}.${storefrontLinkMac({ shop, purpose: "form", id: `${customerId ?? "guest"}|${issuedAt}` })}`;
}

export function formTokenValid({ shop, customerId, token, now = new Date() }: { shop: string; customerId: string | null; token: string; now?: Date }) {
  const [issued = "", mac = ""] = token.split(".");
  const issuedAt = Number(issued);
  if (!/^\d{1,12}$/.test(issued) || now.getTime() / 1000 - issuedAt > FORM_TTL_SECONDS || issuedAt > now.getTime() / 1000 + 60) return false;
  return mac === storefrontLinkMac({ shop, purpose: "form", id: `${customerId ?? "guest"}|${issuedAt}` });
}

/** The logged-in customer's latest choice in the banner, shown back to them. */
export async function latestChoice({ db, shop, customerId }: { db: Db; shop: string; customerId: string }): Promise<LatestChoice | null> {
  return db.consentReceipt.findFirst({
    where: { shop, customerRef: subjectRef({ shop, customerId }) },
    orderBy: { recordedAt: "desc" },
    select: { analytics: true, marketing: true, preferences: true, saleOfData: true, recordedAt: true },
  });
}

async function limited({ redis, prefix, shop, limits }: { redis: RedisConnection; prefix: string; shop: string; limits: RateLimit[] }) {
  return (await countRequest({ redis, prefix, shop, limits })).limited;
}

export async function requestAsCustomer({
  db,
  redis,
  redisPrefix,
  log,
  shop,
  customerId,
  type,
}: {
  db: Db;
  redis: RedisConnection;
  redisPrefix: string;
  log: Logger;
  shop: string;
  customerId: string;
  type: StorefrontRequestType;
}) {
  const limits = [{ name: "center-customer", value: subjectRef({ shop, customerId }), limit: CENTER_LIMITS.perCustomer, windowMs: HOUR_MS }];
  // Redis down: the signed customer's request is taken all the same (it is who they say they are,
  // and a lost request is a legal deadline missed); the limit only guards against floods.
  const over = await limited({ redis, prefix: redisPrefix, shop, limits }).catch((error: unknown) => {
    log.warn({ err: error }, "privacy center rate limit unavailable; taking the customer's request");
    return false;
  });
  if (over) return { outcome: "limited" } as const;
  return { outcome: "received", ...(await createStorefrontRequest({ db, shop, type, requester: { customerId } })) } as const;
}

export async function requestByEmail({
  db,
  redis,
  redisPrefix,
  mailer,
  shop,
  email,
  type,
  ip,
  language,
  confirmUrl,
}: {
  db: Db;
  redis: RedisConnection;
  redisPrefix: string;
  mailer: Mailer;
  shop: string;
  email: string;
  type: StorefrontRequestType;
  ip: string | null;
  language: CenterLanguage;
  /** The storefront URL the link opens, without the token. */
  confirmUrl: string;
}) {
  const normalised = normaliseEmail(email);
  if (!normalised) return { outcome: "invalid" } as const;
  const limits: RateLimit[] = [
    { name: "center-email", value: rateLimitRef({ shop, value: normalised }), limit: CENTER_LIMITS.perEmail, windowMs: HOUR_MS },
    ...(ip ? [{ name: "center-network", value: ipRef({ shop, ip }), limit: CENTER_LIMITS.perNetwork, windowMs: HOUR_MS }] : []),
  ];
  // Redis down: refused (the caller answers 503). Without the limit anyone could mail-bomb an address.
  if (await limited({ redis, prefix: redisPrefix, shop, limits })) return { outcome: "limited" } as const;
  const claim: ConfirmationClaim = { type, email: normalised };
  const token = await createStorefrontLink(db, { shop, purpose: "confirm_request", ttlMs: CONFIRMATION_TTL_MS, claim });
  const t = centerStrings(language);
  const link = `${confirmUrl}${confirmUrl.includes("?") ? "&" : "?"}confirm=${token}&lang=${encodeURIComponent(language)}`;
  await mailer.send({ to: normalised, subject: t.emailSubject, text: fill(t.emailBody, { request: t[type], shop, link }) });
  return { outcome: "sent" } as const;
}

/** What a confirmation link asks for, without using it up: the page asks the shopper to confirm first. */
export async function confirmationPending({ db, shop, token }: { db: Db; shop: string; token: string }) {
  const checked = await checkStorefrontLink<ConfirmationClaim>(db, { shop, purpose: "confirm_request", token });
  if (checked.outcome !== "valid") return checked;
  return checked.claim ? ({ outcome: "valid", type: checked.claim.type } as const) : ({ outcome: "invalid" } as const);
}

export async function confirmByEmail({ db, shop, token }: { db: Db; shop: string; token: string }) {
  const opened = await useStorefrontLink<ConfirmationClaim>(db, { shop, purpose: "confirm_request", token });
  if (opened.outcome !== "opened") return opened;
  if (!opened.claim) return { outcome: "invalid" } as const;
  const { type, email } = opened.claim;
  return { outcome: "received", type, ...(await createStorefrontRequest({ db, shop, type, requester: { email } })) } as const;
}
