// A refused sensitive action goes to both records: the audit trail (who, what, why refused) and the
// security log (how often, for alerts). Neither holds the code entered or the data asked for.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import type { StaffMember } from "./staff-member.server";

export type ProtectedOperation = "customer.reveal" | "export.download" | "retention.change" | "mfa.policy-change" | "staff.permission-change" | "mfa.re-enrol";

export async function recordDenial({ db, staff, operation, reason, subjectRef }: { db: Db; staff: StaffMember; operation: ProtectedOperation; reason: string; subjectRef?: string }) {
  recordSecurityEvent({ shop: staff.shop, kind: "reveal.denied" });
  await recordAudit(db, { shop: staff.shop, actor: staff.actor, action: "staff.denied", subjectRef, detail: { operation, reason } });
}

export async function recordFailedStepUp({ db, staff, reason }: { db: Db; staff: StaffMember; reason: string }) {
  recordSecurityEvent({ shop: staff.shop, kind: "mfa.step-up-failed" });
  await recordAudit(db, { shop: staff.shop, actor: staff.actor, action: "mfa.step-up-failed", detail: { reason } });
}
