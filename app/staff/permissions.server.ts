// Who may reveal customers' personal data, per staff member. Nobody may until granted. While nobody in
// the shop holds the permission, any staff member may grant it (the first grant bootstraps the shop);
// from then on only holders may grant or withdraw it. Every change is audited.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { recordDenial } from "./staff-security-events.server";
import type { StaffMember } from "./staff-member.server";
import { passStepUpGate } from "./step-up.server";

export async function mayReveal({ db, staff }: { db: Db; staff: StaffMember }): Promise<boolean> {
  const row = await db.staffPermission.findUnique({ where: { shop_userId: { shop: staff.shop, userId: staff.userId } } });
  return row?.mayReveal ?? false;
}

export async function listRevealPermissions({ db, shop }: { db: Db; shop: string }) {
  const rows = await db.staffPermission.findMany({ where: { shop, mayReveal: true }, orderBy: { userId: "asc" } });
  return rows.map((row) => ({ userId: row.userId, grantedBy: row.grantedBy, updatedAt: row.updatedAt.toISOString() }));
}

export async function mayManagePermissions({ db, staff }: { db: Db; staff: StaffMember }): Promise<boolean> {
  const holders = await db.staffPermission.count({ where: { shop: staff.shop, mayReveal: true } });
  return holders === 0 || (await mayReveal({ db, staff }));
}

export async function setRevealPermission({ db, staff, userId, mayReveal: allowed }: { db: Db; staff: StaffMember; userId: string; mayReveal: boolean }) {
  await db.$transaction(async (tx) => {
    await tx.staffPermission.upsert({
      where: { shop_userId: { shop: staff.shop, userId } },
      create: { shop: staff.shop, userId, mayReveal: allowed, grantedBy: staff.actor },
      update: { mayReveal: allowed, grantedBy: staff.actor },
    });
    await recordAudit(tx, { shop: staff.shop, actor: staff.actor, action: allowed ? "staff.reveal-granted" : "staff.reveal-withdrawn", detail: { userId } });
  });
}

export type AccessChangeRefusal = "no-permission" | "step-up-required" | "enrolment-required";

/** Whether the staff member may change who holds the permission or the shop's MFA policy now; a refusal is recorded. */
export async function refusalOfAccessChange({ db, staff, operation }: { db: Db; staff: StaffMember; operation: "staff.permission-change" | "mfa.policy-change" }): Promise<AccessChangeRefusal | null> {
  if (!(await mayManagePermissions({ db, staff }))) {
    await recordDenial({ db, staff, operation, reason: "no-permission" });
    return "no-permission";
  }
  const gate = await passStepUpGate({ db, staff, operation });
  return gate.allowed ? null : gate.reason;
}
