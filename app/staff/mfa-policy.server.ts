// Whether a shop makes step-up MFA compulsory. Off by default: then only staff members who enrolled
// are asked for a code; on, a staff member who has not enrolled cannot do protected actions at all.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import type { StaffMember } from "./staff-member.server";

export async function mfaRequired({ db, shop }: { db: Db; shop: string }): Promise<boolean> {
  return (await db.shopMfaPolicy.findUnique({ where: { shop } }))?.required ?? false;
}

export async function setMfaRequired({ db, staff, required }: { db: Db; staff: StaffMember; required: boolean }) {
  await db.$transaction(async (tx) => {
    await tx.shopMfaPolicy.upsert({ where: { shop: staff.shop }, create: { shop: staff.shop, required }, update: { required } });
    await recordAudit(tx, { shop: staff.shop, actor: staff.actor, action: "mfa.policy-changed", detail: { required } });
  });
}
