// The process's security log, for request paths and scripts: `recordSecurityEvent` counts an event and
// returns at once. Kept on globalThis because the development server loads app modules a second time.
// Shops named by a request are only taken when they look like a shop domain, so a long or odd header
// never becomes a key; the flush then keeps only installed shops (app/security/security-events.server.ts).
import { db } from "../db.server";
import { log } from "../log.server";
import { createSecurityLog, type SecurityLog } from "./security-events.server";
import type { SecurityEventKind } from "./security-thresholds.server";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;
const held = globalThis as unknown as { consentVaultSecurityLog?: SecurityLog };

export function processSecurityLog(): SecurityLog {
  return (held.consentVaultSecurityLog ??= createSecurityLog({ db: db(), log }));
}

/** `shop`: as claimed by the request (authenticated or not), or null when none is known. */
export function recordSecurityEvent({ shop, kind }: { shop: string | null | undefined; kind: SecurityEventKind }): void {
  processSecurityLog().record({ shop: shop && SHOP_DOMAIN.test(shop) ? shop : null, kind });
}

/** The shop a request claims to come from, unverified: its `shop` query parameter or its session token's `dest`. */
export function claimedShop(request: Request): string | null {
  const fromQuery = new URL(request.url).searchParams.get("shop");
  if (fromQuery) return fromQuery;
  const token = /^Bearer ([\w-]+)\.([\w-]+)\.[\w-]*$/.exec(request.headers.get("authorization") ?? "")?.[2];
  if (!token || token.length > 4_096) return null;
  try {
    const { dest } = JSON.parse(Buffer.from(token, "base64url").toString()) as { dest?: unknown };
    return typeof dest === "string" ? new URL(dest).hostname : null;
  } catch {
    return null;
  }
}
