// The privacy health check: the shop's own regular audit, each check read from what the app stores
// or from Shopify (never a box the merchant ticks). A check is "ok", needs "attention" (something to do soon) or is a
// "problem" (an obligation at risk now); its figures let the admin say why in the merchant's words.
import type { Logger } from "pino";
import { verifyAuditChain } from "../audit/verify-chain.server";
import type { BackupStore } from "../backups/backup-store.server";
import { readEmbedStatus } from "../consent/embed-status.server";
import { readShopifyBanner } from "../consent/shopify-cookie-banner.server";
import type { Db } from "../db.server";
import { countRequestAlerts } from "../privacy/request-list.server";
import { listRecipients } from "../recipients/recipient-register.server";
import { consentFigures } from "../shops/setup-progress.server";
import { revealHoldersTraining } from "../staff/privacy-guide.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";

export const HEALTH_CHECKS = ["requests", "banner", "shopifyBanner", "retention", "shopKey", "backup", "auditChain", "recipients", "training"] as const;
export type HealthCheckId = (typeof HEALTH_CHECKS)[number];
export type HealthStatus = "ok" | "attention" | "problem";

export interface HealthCheck {
  id: HealthCheckId;
  status: HealthStatus;
  figures: Record<string, number | string | null>;
}

const DAY_MS = 24 * 3600 * 1000;
/** A shop data key older than this should be rotated (decision 003: yearly). */
export const SHOP_KEY_MAX_AGE_DAYS = 365;
/** A recipient's agreement ending within this many days is to be renewed now. */
export const AGREEMENT_RENEWAL_DAYS = 30;

export interface HealthCheckContext {
  db: Db;
  shop: string;
  /** Where scheduled backups go and how often they run: one missed run is tolerated. */
  backups: { store: BackupStore; everyHours: number };
  /** Asked whether Shopify's own cookie banner shows next to ours. */
  shopify: { client: AdminGraphqlClient; apiKey: string; log: Logger };
  now?: Date;
}

export async function runHealthChecks({ db, shop, backups, shopify, now = new Date() }: HealthCheckContext): Promise<HealthCheck[]> {
  const [requests, consent, retention, shopKey, dataBackups, chain, recipients, training, ourBanner, shopifyBanner] = await Promise.all([
    countRequestAlerts({ db, shop, now }),
    consentFigures({ db, shop, now }),
    db.retentionSettings.findUnique({ where: { shop }, select: { updatedAt: true } }),
    db.vaultShopKey.findFirst({ where: { shop, retiredAt: null }, orderBy: { version: "desc" }, select: { createdAt: true } }),
    backups.store.list({ kind: "data" }),
    verifyAuditChain({ db, shop }),
    listRecipients({ db, shop, now }),
    revealHoldersTraining({ db, shop, now }),
    readEmbedStatus(shopify),
    readShopifyBanner(shopify),
  ]);
  const newestBackup = dataBackups.at(-1)?.createdAt ?? null;
  // A backup that finished after `now` was read is zero hours old, not minus one.
  const backupHours = newestBackup && Math.max(0, Math.floor((now.getTime() - newestBackup.getTime()) / 3_600_000));
  const withoutAgreement = recipients.filter((recipient) => recipient.agreement !== "current").length;
  const expiringSoon = recipients.filter((recipient) => recipient.expiresInDays !== null && recipient.expiresInDays <= AGREEMENT_RENEWAL_DAYS).length;
  const keyAgeDays = shopKey && Math.floor((now.getTime() - shopKey.createdAt.getTime()) / DAY_MS);
  return [
    {
      id: "requests",
      status: requests.overdue || requests.failed ? "problem" : requests.dueSoon ? "attention" : "ok",
      figures: { overdue: requests.overdue, failed: requests.failed, dueSoon: requests.dueSoon },
    },
    // Choices arrive only while the banner's embed is on in the live theme.
    { id: "banner", status: consent.choices ? "ok" : "attention", figures: { choices: consent.choices } },
    // Both banners on asks shoppers twice; Shopify's alone is a banner all the same (the check above
    // says ours is off). What Shopify would not tell cannot be called fine.
    {
      id: "shopifyBanner",
      status: shopifyBanner === "unknown" || (shopifyBanner === "on" && ourBanner.state === "enabled") ? "attention" : "ok",
      figures: { shopifyBanner: shopifyBanner === "unknown" ? null : shopifyBanner },
    },
    { id: "retention", status: retention ? "ok" : "attention", figures: { reviewedAt: retention?.updatedAt.toISOString() ?? null } },
    // No key yet means no customer data stored yet: nothing to rotate.
    { id: "shopKey", status: keyAgeDays !== null && keyAgeDays > SHOP_KEY_MAX_AGE_DAYS ? "attention" : "ok", figures: { ageDays: keyAgeDays } },
    { id: "backup", status: backupHours !== null && backupHours <= 2 * backups.everyHours ? "ok" : "problem", figures: { hoursAgo: backupHours } },
    { id: "auditChain", status: chain.ok ? "ok" : "problem", figures: { checked: chain.checked, brokenAt: chain.ok ? null : chain.brokenAt } },
    // Sharing with a recipient without a current agreement is refused (requireCurrentAgreement).
    {
      id: "recipients",
      status: withoutAgreement ? "problem" : expiringSoon ? "attention" : "ok",
      figures: { registered: recipients.length || null, withoutAgreement, expiringSoon },
    },
    // Someone who may reveal customer data and never read the guide is a problem; a yearly refresher due, attention.
    {
      id: "training",
      status: training.neverRead ? "problem" : training.outOfDate ? "attention" : "ok",
      figures: { holders: training.holders || null, neverRead: training.neverRead, outOfDate: training.outOfDate },
    },
  ];
}

/** The worst status among the checks: what the report's headline says. */
export function overallStatus(checks: readonly HealthCheck[]): HealthStatus {
  return checks.some((c) => c.status === "problem") ? "problem" : checks.some((c) => c.status === "attention") ? "attention" : "ok";
}
