// The setup guide on Home: each step is checked against what the app actually stores, never a
// checkbox the merchant ticks. Also the consent figures of the last 30 days shown next to it.
import type { Db } from "../db.server";

const DAY_MS = 24 * 3600 * 1000;
export const CONSENT_WINDOW_DAYS = 30;

export interface SetupProgress {
  /** The merchant saved their choice of synced fields at least once. */
  fieldsChosen: boolean;
  /** A full sync of customers and orders has completed. */
  firstSyncDone: boolean;
  /** The storefront banner sent a consent choice in the last 30 days, so its embed is on. */
  bannerLive: boolean;
  /** The merchant saved the shop's retention periods at least once (reviewed, not just the defaults). */
  retentionSet: boolean;
  /** At least one staff member may reveal customers' personal data (to answer a customer). */
  revealAllowed: boolean;
}

export async function getSetupProgress({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }): Promise<SetupProgress> {
  const since = new Date(now.getTime() - CONSENT_WINDOW_DAYS * DAY_MS);
  const [settings, sync, receipt, retention, revealers] = await Promise.all([
    db.syncSettings.findUnique({ where: { shop }, select: { shop: true } }),
    db.syncState.findUnique({ where: { shop }, select: { lastFullSyncAt: true } }),
    db.consentReceipt.findFirst({ where: { shop, recordedAt: { gte: since } }, select: { id: true } }),
    db.retentionSettings.findUnique({ where: { shop }, select: { shop: true } }),
    db.staffPermission.count({ where: { shop, mayReveal: true } }),
  ]);
  return {
    fieldsChosen: settings !== null,
    firstSyncDone: Boolean(sync?.lastFullSyncAt),
    bannerLive: receipt !== null,
    retentionSet: retention !== null,
    revealAllowed: revealers > 0,
  };
}

/** Consent choices recorded in the last 30 days and how many allowed marketing and analytics. */
export async function consentFigures({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  const where = { shop, recordedAt: { gte: new Date(now.getTime() - CONSENT_WINDOW_DAYS * DAY_MS) } };
  const [choices, marketing, analytics] = await Promise.all([
    db.consentReceipt.count({ where }),
    db.consentReceipt.count({ where: { ...where, marketing: true } }),
    db.consentReceipt.count({ where: { ...where, analytics: true } }),
  ]);
  return { choices, marketing, analytics };
}
