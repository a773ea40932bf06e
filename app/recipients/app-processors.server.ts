// The services Consent Vault itself hands shoppers' data to in order to work (its sub-processors):
// declared here, shown read-only beside the shop's own register, in the privacy notice and in the
// records of processing.
import type { DataCategoryId } from "../data-inventory/data-categories.server";
import type { TransferMechanism } from "./countries";

export type Processor = "shopify" | "email";

export interface AppProcessor {
  id: Processor;
  categories: DataCategoryId[];
  /** Null: wherever the merchant's own email provider is. */
  country: string | null;
  transferMechanism: TransferMechanism | null;
}

const SHOPIFY: AppProcessor = {
  id: "shopify",
  // Everything the sync reads comes from Shopify; personalisation results go back as metafields.
  categories: ["email", "names", "phone", "address", "note", "orders", "marketingConsent", "personalisation"],
  country: "CA",
  transferMechanism: "adequacy",
};

const EMAIL: AppProcessor = { id: "email", categories: ["guestConfirmations"], country: null, transferMechanism: null };

/** Shopify always; the email transport only when the privacy center sends email (SMTP_URL is set). */
export function appProcessors({ emailConfigured }: { emailConfigured: boolean }): AppProcessor[] {
  return emailConfigured ? [SHOPIFY, EMAIL] : [SHOPIFY];
}
