// Step-up: before a sensitive action (revealing personal data, downloading an export, changing
// retention or who may do these), the staff member proves again who they are with a TOTP code or a
// recovery code. A verified code opens a short window for that staff member in that shop. Codes are
// refused a second time (per time step), and five wrong codes lock code entry for 15 minutes.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { openTotpSecret, staffKey } from "./totp-secret-seal.server";
import { mfaRequired } from "./mfa-policy.server";
import { looksLikeRecoveryCode, spendRecoveryCode } from "./recovery-codes.server";
import { recordDenial, recordFailedStepUp, type ProtectedOperation } from "./staff-security-events.server";
import type { StaffMember } from "./staff-member.server";
import { matchingTotpStep } from "./totp.server";

export const STEP_UP_WINDOW_MS = 5 * 60_000;
export const MAX_CODE_FAILURES = 5;
export const CODE_LOCK_MS = 15 * 60_000;

export type StepUpFailure = "not-enrolled" | "locked" | "wrong-code" | "replayed";
export type StepUpResult = { verified: true; until: Date } | { verified: false; failure: StepUpFailure };

/** Counts a wrong code towards the lock-out and records it (audit trail and security log). */
export async function countCodeFailure({ db, staff, failure, now }: { db: Db; staff: StaffMember; failure: StepUpFailure; now: Date }): Promise<StepUpResult> {
  if (failure === "wrong-code" || failure === "replayed") {
    const row = await db.staffMfa.update({ where: staffKey(staff), data: { failures: { increment: 1 } } });
    if (row.failures >= MAX_CODE_FAILURES) {
      await db.staffMfa.update({ where: staffKey(staff), data: { failures: 0, lockedUntil: new Date(now.getTime() + CODE_LOCK_MS) } });
    }
  }
  await recordFailedStepUp({ db, staff, reason: failure });
  return { verified: false, failure };
}

export function isLocked(row: { lockedUntil: Date | null } | null, now: Date): boolean {
  return Boolean(row?.lockedUntil && row.lockedUntil > now);
}

export async function verifyStepUp({ db, staff, code, now = new Date() }: { db: Db; staff: StaffMember; code: string; now?: Date }): Promise<StepUpResult> {
  const row = await db.staffMfa.findUnique({ where: staffKey(staff) });
  const fail = (failure: StepUpFailure) => countCodeFailure({ db, staff, failure, now });
  if (!row?.confirmedAt || !row.sealedSecret) return fail("not-enrolled");
  if (isLocked(row, now)) return fail("locked");
  const typed = code.replace(/\s/g, "");
  let method: "totp" | "recovery-code";
  if (/^\d{6}$/.test(typed)) {
    const step = matchingTotpStep(openTotpSecret(staff, row.sealedSecret), typed, now);
    if (step === null) return fail("wrong-code");
    // Conditional on the last step, so two requests racing with one code cannot both pass.
    const claimed = await db.staffMfa.updateMany({ where: { shop: staff.shop, userId: staff.userId, lastStep: { lt: step } }, data: { lastStep: step } });
    if (claimed.count === 0) return fail("replayed");
    method = "totp";
  } else if (looksLikeRecoveryCode(typed) && (await spendRecoveryCode({ db, staff, code: typed, now }))) {
    method = "recovery-code";
  } else {
    return fail("wrong-code");
  }
  const until = new Date(now.getTime() + STEP_UP_WINDOW_MS);
  await db.staffMfa.update({ where: staffKey(staff), data: { failures: 0, stepUpUntil: until } });
  await recordAudit(db, { shop: staff.shop, actor: staff.actor, action: "mfa.stepped-up", detail: { method } }, now);
  return { verified: true, until };
}

export interface StepUpStatus {
  /** The shop requires MFA of everyone, or this staff member enrolled. */
  required: boolean;
  enrolled: boolean;
  /** Until when an earlier step-up covers sensitive actions; null when none does. */
  activeUntil: string | null;
  locked: boolean;
}

export async function stepUpStatus({ db, staff, now = new Date() }: { db: Db; staff: StaffMember; now?: Date }): Promise<StepUpStatus> {
  const [row, shopRequires] = await Promise.all([db.staffMfa.findUnique({ where: staffKey(staff) }), mfaRequired({ db, shop: staff.shop })]);
  const enrolled = Boolean(row?.confirmedAt);
  const active = row?.stepUpUntil && row.stepUpUntil > now ? row.stepUpUntil : null;
  return { required: shopRequires || enrolled, enrolled, activeUntil: active?.toISOString() ?? null, locked: isLocked(row, now) };
}

export type StepUpGate = { allowed: true } | { allowed: false; reason: "step-up-required" | "enrolment-required" };

/** For download routes: the 403 of a refused gate, with `message` in the admin's language when the route knows it. */
export function stepUpRefusal(reason: Extract<StepUpGate, { allowed: false }>["reason"], message?: string): Response {
  return Response.json({ error: "Confirm it's you with a code from your authenticator app first.", stepUp: reason, ...(message ? { message } : {}) }, { status: 403 });
}

/** Whether the operation may go ahead now as far as MFA is concerned; a refusal is recorded. */
export async function passStepUpGate({ db, staff, operation, subjectRef, now = new Date() }: { db: Db; staff: StaffMember; operation: ProtectedOperation; subjectRef?: string; now?: Date }): Promise<StepUpGate> {
  const status = await stepUpStatus({ db, staff, now });
  if (!status.required || status.activeUntil) return { allowed: true };
  const reason = status.enrolled ? "step-up-required" : "enrolment-required";
  await recordDenial({ db, staff, operation, reason, subjectRef });
  return { allowed: false, reason };
}
