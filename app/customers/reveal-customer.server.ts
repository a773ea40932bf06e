// Revealing a customer's personal data to a staff member: only on their explicit action, with a
// reason, when they hold the permission and (where MFA applies) stepped up in the last minutes.
// Every reveal and every refusal is in the audit trail under the customer's subject reference.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import { mayReveal } from "../staff/permissions.server";
import { recordDenial } from "../staff/staff-security-events.server";
import type { StaffMember } from "../staff/staff-member.server";
import { passStepUpGate } from "../staff/step-up.server";
import { readCustomer } from "../vault/customers.server";
import type { Vault } from "../vault/vault.server";

export type RevealResult =
  | { outcome: "revealed"; customer: RevealedCustomer }
  | { outcome: "not-found" }
  | { outcome: "denied"; reason: "no-permission" | "step-up-required" | "enrolment-required" };

export interface RevealedCustomer {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  defaultAddress: Record<string, unknown> | null;
  note: string | null;
}

export async function revealCustomer({
  db,
  vault,
  staff,
  customerId,
  reason,
  now = new Date(),
}: {
  db: Db;
  vault: Vault;
  staff: StaffMember;
  customerId: string;
  reason: string;
  now?: Date;
}): Promise<RevealResult> {
  const exists = await db.customer.count({ where: { shop: staff.shop, customerId } });
  if (!exists) return { outcome: "not-found" };
  const subject = subjectRef({ shop: staff.shop, customerId });
  if (!(await mayReveal({ db, staff }))) {
    await recordDenial({ db, staff, operation: "customer.reveal", reason: "no-permission", subjectRef: subject });
    return { outcome: "denied", reason: "no-permission" };
  }
  const gate = await passStepUpGate({ db, staff, operation: "customer.reveal", subjectRef: subject, now });
  if (!gate.allowed) return { outcome: "denied", reason: gate.reason };
  const customer = await readCustomer({ db, vault, shop: staff.shop, customerId });
  if (!customer) return { outcome: "not-found" };
  // Audited before the data leaves: a reveal that is not in the trail does not happen.
  await recordAudit(db, { shop: staff.shop, actor: staff.actor, action: "customer.revealed", subjectRef: subject, detail: { reason } }, now);
  const { email, phone, firstName, lastName, defaultAddress, note } = customer;
  return { outcome: "revealed", customer: { email, phone, firstName, lastName, defaultAddress, note } };
}
