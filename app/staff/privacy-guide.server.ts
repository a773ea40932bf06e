// The staff privacy guide (/app/privacy-guide): each staff member confirms having read it, per shop and
// guide version. An acknowledgement counts for a year and for the version read; after that, Home asks
// the staff member to read the guide again and the health check counts reveal holders who have not.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import type { StaffMember } from "./staff-member.server";

/**
 * The guide's version. Bump it when the guide's text (privacyGuide in the locale files) changes in
 * substance, not for a typo: everyone is then asked to read it again.
 */
export const PRIVACY_GUIDE_VERSION = 1;
/** Staff re-read the guide yearly, as regular data protection training expects. */
export const ACKNOWLEDGEMENT_VALID_MONTHS = 12;

/** Acknowledgements given before this time are out of date. */
function validSince(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - ACKNOWLEDGEMENT_VALID_MONTHS);
  return since;
}

const currentAcknowledgement = (now: Date) => ({ guideVersion: PRIVACY_GUIDE_VERSION, acknowledgedAt: { gt: validSince(now) } });
const isCurrent = (ack: { guideVersion: number; acknowledgedAt: Date }, now: Date) => ack.guideVersion === PRIVACY_GUIDE_VERSION && ack.acknowledgedAt > validSince(now);

export interface GuideAcknowledgement {
  /** Whether this staff member has read the current version within the last year. */
  current: boolean;
  /** When they last acknowledged any version; null if never. */
  acknowledgedAt: string | null;
}

export async function guideAcknowledgementOf({ db, staff, now = new Date() }: { db: Db; staff: StaffMember; now?: Date }): Promise<GuideAcknowledgement> {
  const latest = await db.staffGuideAcknowledgement.findFirst({ where: { shop: staff.shop, userId: staff.userId }, orderBy: { acknowledgedAt: "desc" } });
  return { current: Boolean(latest && isCurrent(latest, now)), acknowledgedAt: latest?.acknowledgedAt.toISOString() ?? null };
}

/**
 * Records that the staff member has read the current guide, and audits it. Pressing the button again
 * while the acknowledgement is current changes nothing; a year later it renews it.
 */
export async function acknowledgePrivacyGuide({ db, staff, now = new Date() }: { db: Db; staff: StaffMember; now?: Date }): Promise<{ acknowledgedAt: string; recorded: boolean }> {
  return db.$transaction(async (tx) => {
    const key = { shop: staff.shop, userId: staff.userId, guideVersion: PRIVACY_GUIDE_VERSION };
    const existing = await tx.staffGuideAcknowledgement.findFirst({ where: { shop: staff.shop, userId: staff.userId, ...currentAcknowledgement(now) } });
    if (existing) return { acknowledgedAt: existing.acknowledgedAt.toISOString(), recorded: false };
    await tx.staffGuideAcknowledgement.upsert({ where: { shop_userId_guideVersion: key }, create: { ...key, acknowledgedAt: now }, update: { acknowledgedAt: now } });
    await recordAudit(tx, { shop: staff.shop, actor: staff.actor, action: "staff.privacy-guide-acknowledged", detail: { guideVersion: PRIVACY_GUIDE_VERSION } }, now);
    return { acknowledgedAt: now.toISOString(), recorded: true };
  });
}

/** Staff who may reveal customer data, and how many of them never read the guide or read it too long ago (or an older version). */
export async function revealHoldersTraining({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  const holders = await db.staffPermission.findMany({ where: { shop, mayReveal: true }, select: { userId: true } });
  const userIds = holders.map((holder) => holder.userId);
  const acknowledgements = await db.staffGuideAcknowledgement.findMany({ where: { shop, userId: { in: userIds } }, select: { userId: true, guideVersion: true, acknowledgedAt: true } });
  const current = new Set(acknowledgements.filter((ack) => isCurrent(ack, now)).map((ack) => ack.userId));
  const everRead = new Set(acknowledgements.map((ack) => ack.userId));
  return {
    holders: userIds.length,
    neverRead: userIds.filter((userId) => !everRead.has(userId)).length,
    outOfDate: userIds.filter((userId) => everRead.has(userId) && !current.has(userId)).length,
  };
}
