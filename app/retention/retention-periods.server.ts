// How long a shop keeps each kind of data, with the defaults a shop has until its staff change them.
// Why these defaults: docs/decisions/012-retention-security-log-audit-anchors.md.
import { z } from "zod";
import { recordAudit } from "../audit/audit-trail.server";
import { config } from "../config.server";
import type { Db } from "../db.server";

/** Who the audit trail names for what the retention job does. */
export const RETENTION_ACTOR = "job:retention.apply";

export const RETENTION_KINDS = ["inactiveCustomerMonths", "consentReceiptDays", "exportDays", "auditDays", "inboxDays"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionPeriods = Record<RetentionKind, number>;

/** Bounds: the lower ones keep what the app itself still needs (a receipt outlives the consent it proves, Shopify retries a webhook for 48 hours). */
export const RETENTION_BOUNDS: Record<RetentionKind, { min: number; max: number; unit: "months" | "days" }> = {
  inactiveCustomerMonths: { min: 6, max: 120, unit: "months" },
  consentReceiptDays: { min: 30, max: 3650, unit: "days" },
  exportDays: { min: 1, max: 90, unit: "days" },
  auditDays: { min: 365, max: 3650, unit: "days" },
  inboxDays: { min: 7, max: 365, unit: "days" },
};

/** A shop that never changed its periods has these. */
export function defaultRetentionPeriods(): RetentionPeriods {
  return {
    inactiveCustomerMonths: 36,
    consentReceiptDays: config().CONSENT_RECEIPT_RETENTION_DAYS,
    exportDays: 30,
    auditDays: 1825,
    inboxDays: 30,
  };
}

export const retentionPeriodsSchema = z.object(
  Object.fromEntries(
    RETENTION_KINDS.map((kind) => {
      const { min, max, unit } = RETENTION_BOUNDS[kind];
      const message = `must be a whole number of ${unit} from ${min} to ${max}`;
      return [kind, z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message })];
    }),
  ) as Record<RetentionKind, z.ZodCoercedNumber<unknown>>,
);

export async function getRetentionPeriods({ db, shop }: { db: Db; shop: string }): Promise<RetentionPeriods> {
  const row = await db.retentionSettings.findUnique({ where: { shop } });
  if (!row) return defaultRetentionPeriods();
  return Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, row[kind]])) as RetentionPeriods;
}

/**
 * Saves a shop's periods. A shorter period deletes data at the next run that the old one kept, so
 * it is saved only when the caller says staff confirmed it; otherwise the shortened kinds come back.
 */
export async function saveRetentionPeriods({
  db,
  shop,
  actor,
  periods,
  confirmedShortening,
}: {
  db: Db;
  shop: string;
  actor: string;
  periods: RetentionPeriods;
  confirmedShortening: boolean;
}): Promise<{ saved: true; changed: RetentionKind[] } | { saved: false; shortened: RetentionKind[] }> {
  const current = await getRetentionPeriods({ db, shop });
  const shortened = RETENTION_KINDS.filter((kind) => periods[kind] < current[kind]);
  if (shortened.length && !confirmedShortening) return { saved: false, shortened };
  const changed = RETENTION_KINDS.filter((kind) => periods[kind] !== current[kind]);
  // Saving the periods unchanged still records that the merchant reviewed them (the setup guide and
  // the health check read the row's time); only a change is audited.
  if (!changed.length) {
    await db.retentionSettings.upsert({ where: { shop }, create: { shop, ...periods }, update: periods });
    return { saved: true, changed };
  }
  await db.$transaction(async (tx) => {
    await tx.retentionSettings.upsert({ where: { shop }, create: { shop, ...periods }, update: periods });
    const detail = Object.fromEntries(changed.map((kind) => [kind, { from: current[kind], to: periods[kind] }]));
    await recordAudit(tx, { shop, actor, action: "retention.periods.changed", detail });
  });
  return { saved: true, changed };
}
