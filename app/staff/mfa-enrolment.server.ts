// Enrolling a staff member in TOTP: a new secret, shown once as a QR code (and as text for manual
// entry). It counts only once a code from the authenticator app has been entered, which also hands
// out the recovery codes; until then an earlier enrolment stays in force, so starting over never
// leaves the staff member without MFA. Wrong codes count towards the same lock-out as step-ups.
import QRCode from "qrcode";
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { replaceRecoveryCodes } from "./recovery-codes.server";
import type { StaffMember } from "./staff-member.server";
import { countCodeFailure, isLocked, type StepUpFailure } from "./step-up.server";
import { openTotpSecret, sealTotpSecret, staffKey } from "./totp-secret-seal.server";
import { matchingTotpStep, newTotpSecret, totpUri } from "./totp.server";

export async function isEnrolled({ db, staff }: { db: Db; staff: StaffMember }): Promise<boolean> {
  return Boolean((await db.staffMfa.findUnique({ where: staffKey(staff) }))?.confirmedAt);
}

/** A new secret waiting for its first code; replaces any earlier unconfirmed one. */
export async function startMfaEnrolment({ db, staff }: { db: Db; staff: StaffMember }) {
  const secret = newTotpSecret();
  const pendingSecret = sealTotpSecret(staff, secret);
  await db.staffMfa.upsert({ where: staffKey(staff), create: { shop: staff.shop, userId: staff.userId, pendingSecret }, update: { pendingSecret } });
  const uri = totpUri(secret, `${staff.shop}:${staff.userId}`);
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 }) };
}

export type EnrolmentResult = { confirmed: true; recoveryCodes: string[] } | { confirmed: false; failure: StepUpFailure | "nothing-pending" };

/** Confirms the pending secret with a code from it. */
export async function confirmMfaEnrolment({ db, staff, code, now = new Date() }: { db: Db; staff: StaffMember; code: string; now?: Date }): Promise<EnrolmentResult> {
  const row = await db.staffMfa.findUnique({ where: staffKey(staff) });
  if (!row?.pendingSecret) return { confirmed: false, failure: "nothing-pending" };
  const fail = async (failure: StepUpFailure): Promise<EnrolmentResult> => {
    await countCodeFailure({ db, staff, failure, now });
    return { confirmed: false, failure };
  };
  if (isLocked(row, now)) return fail("locked");
  const step = matchingTotpStep(openTotpSecret(staff, row.pendingSecret), code.replace(/\s/g, ""), now);
  if (step === null) return fail("wrong-code");
  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.staffMfa.update({
      where: staffKey(staff),
      data: { sealedSecret: row.pendingSecret, pendingSecret: null, confirmedAt: now, lastStep: step, failures: 0, lockedUntil: null },
    });
    const codes = await replaceRecoveryCodes(tx, staff);
    await recordAudit(tx, { shop: staff.shop, actor: staff.actor, action: "mfa.enrolled" }, now);
    return codes;
  });
  return { confirmed: true, recoveryCodes };
}
