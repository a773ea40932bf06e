// Single-use, expiring links into the storefront privacy center. A link is `<id>.<mac>`: the id is
// random and stored, the MAC (a keyed hash of shop, purpose and id) is not, so neither a guessed id nor
// a copy of the table opens anything. Using a link marks it in one conditional update, so two clicks
// racing each other open it once.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db.server";
import { seal, storefrontLinkMac, unseal } from "../privacy/privacy-keys.server";

export type LinkPurpose = "confirm_request" | "deliver_export";

const TOKEN = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;

const claimContext = (shop: string, id: string) => `${shop}|${id}|storefront-link`;

export interface NewLink {
  shop: string;
  purpose: LinkPurpose;
  ttlMs: number;
  requestId?: string;
  subjectRef?: string | null;
  /** What the link confirms (personal data, e.g. an email address): sealed at rest. */
  claim?: unknown;
  now?: Date;
}

/** Stores a new link and returns its token. Expired links of the shop go at the same time. */
export async function createStorefrontLink(db: Db, { shop, purpose, ttlMs, requestId, subjectRef = null, claim, now = new Date() }: NewLink): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.storefrontLink.deleteMany({ where: { shop, expiresAt: { lt: now } } });
  await db.storefrontLink.create({
    data: {
      id,
      shop,
      purpose,
      requestId: requestId ?? null,
      subjectRef,
      sealedClaim: claim === undefined ? null : seal(JSON.stringify(claim), claimContext(shop, id)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    },
  });
  return `${id}.${storefrontLinkMac({ shop, purpose, id })}`;
}

export type OpenedLink<Claim> =
  | { outcome: "opened"; id: string; requestId: string | null; subjectRef: string | null; claim: Claim | null }
  /** Forged, mistyped, for another shop or purpose, or already deleted: one answer for all. */
  | { outcome: "invalid" }
  | { outcome: "expired" }
  | { outcome: "used" };

type LinkRow = NonNullable<Awaited<ReturnType<Db["storefrontLink"]["findUnique"]>>>;

function verifiedRow(row: LinkRow | null, { shop, purpose, mac }: { shop: string; purpose: LinkPurpose; mac: string }): row is LinkRow {
  if (!row || row.shop !== shop || row.purpose !== purpose) return false;
  const expected = Buffer.from(storefrontLinkMac({ shop, purpose, id: row.id }));
  return timingSafeEqual(expected, Buffer.from(mac));
}

/** Checks a token without using it up (a page that asks the shopper to confirm first). */
export async function checkStorefrontLink<Claim>(db: Db, { shop, purpose, token, now = new Date() }: { shop: string; purpose: LinkPurpose; token: string; now?: Date }) {
  const match = TOKEN.exec(token);
  if (!match) return { outcome: "invalid" } as const;
  const row = await db.storefrontLink.findUnique({ where: { id: match[1]! } });
  if (!verifiedRow(row, { shop, purpose, mac: match[2]! })) return { outcome: "invalid" } as const;
  if (row.usedAt) return { outcome: "used" } as const;
  if (row.expiresAt <= now) return { outcome: "expired" } as const;
  const claim = row.sealedClaim ? (JSON.parse(unseal(row.sealedClaim, claimContext(shop, row.id)).toString("utf8")) as Claim) : null;
  return { outcome: "valid", row, claim } as const;
}

/** Uses a link up: opened once, then "used" for every later attempt. */
export async function useStorefrontLink<Claim>(db: Db, { shop, purpose, token, now = new Date() }: { shop: string; purpose: LinkPurpose; token: string; now?: Date }): Promise<OpenedLink<Claim>> {
  const checked = await checkStorefrontLink<Claim>(db, { shop, purpose, token, now });
  if (checked.outcome !== "valid") return checked;
  const { row, claim } = checked;
  const { count } = await db.storefrontLink.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now, sealedClaim: null } });
  if (count === 0) return { outcome: "used" };
  return { outcome: "opened", id: row.id, requestId: row.requestId, subjectRef: row.subjectRef, claim };
}
