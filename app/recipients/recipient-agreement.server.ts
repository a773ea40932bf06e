// The rule every feature that shares shoppers' data with a registered recipient must pass (GDPR
// Art. 28): a data processing agreement signed on or before today that has not expired.
import type { Db } from "../db.server";

export type AgreementStatus = "current" | "none" | "pending" | "expired";

export function agreementStatus(recipient: { agreementSignedAt: Date | null; agreementExpiresAt: Date | null }, now: Date): AgreementStatus {
  if (!recipient.agreementSignedAt) return "none";
  if (recipient.agreementSignedAt > now) return "pending";
  if (recipient.agreementExpiresAt && recipient.agreementExpiresAt <= now) return "expired";
  return "current";
}

/** Sharing refused: the recipient is not in this shop's register, or has no current agreement. */
export class RecipientAgreementError extends Error {
  constructor(
    readonly code: "notFound" | Exclude<AgreementStatus, "current">,
    readonly recipientId: string,
  ) {
    super(code === "notFound" ? `recipient ${recipientId} is not in the shop's register` : `recipient ${recipientId} has no current data processing agreement (${code})`);
    this.name = "RecipientAgreementError";
  }
}

/**
 * Call before sharing any data with a recipient; throws RecipientAgreementError unless the shop's
 * register has it with a current agreement. Returns what the sharing feature may record about it.
 */
export async function requireCurrentAgreement({ db, shop, recipientId, now = new Date() }: { db: Db; shop: string; recipientId: string; now?: Date }) {
  const recipient = await db.dataRecipient.findFirst({ where: { id: recipientId, shop } });
  if (!recipient) throw new RecipientAgreementError("notFound", recipientId);
  const status = agreementStatus(recipient, now);
  if (status !== "current") throw new RecipientAgreementError(status, recipientId);
  return { id: recipient.id, name: recipient.name, country: recipient.country };
}
