// Synced Shopify customers in the vault. Personal fields are encrypted under the customer's data key;
// email and phone also get blind indexes for lookups. Every query is scoped by shop.
import type { Customer } from "@consent-vault/prisma-sqlite";
import type { Db } from "../db.server";
import { recordMarketingConsent, type ConsentReport } from "./marketing-consent.server";
import { normaliseEmail, normalisePhone } from "./normalise.server";
import { writeUnlessStale } from "./stale-writes.server";
import type { CustomerCipher, Vault } from "./vault.server";

/** What the sync hands over: Shopify's customer, with the ids as strings. */
export interface ShopifyCustomer {
  id: string;
  createdAt: Date;
  state?: string | null;
  /** Null or absent: not reported by the source (customer webhooks carry no purchase figures). */
  ordersCount?: number | null;
  amountSpent?: string | null;
  currency?: string | null;
  emailMarketingState?: string | null;
  smsMarketingState?: string | null;
  /** When each consent last changed, as Shopify reports it (see marketing-consent.server.ts). */
  emailMarketingUpdatedAt?: Date | null;
  smsMarketingUpdatedAt?: Date | null;
  dataSaleOptOut?: boolean;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  defaultAddress?: Record<string, unknown> | null;
  note?: string | null;
}

/** A vault customer, decrypted. */
export type VaultCustomer = Required<Omit<ShopifyCustomer, "id">> & { customerId: string; sourceUpdatedAt: Date };

// Field name (also bound into each ciphertext's AAD) → column holding its ciphertext.
const ENCRYPTED_COLUMNS = {
  email: "encryptedEmail",
  phone: "encryptedPhone",
  firstName: "encryptedFirstName",
  lastName: "encryptedLastName",
  defaultAddress: "encryptedAddress",
  note: "encryptedNote",
} as const;

export type EncryptedField = keyof typeof ENCRYPTED_COLUMNS;

function encryptedColumns(cipher: CustomerCipher, customer: ShopifyCustomer) {
  const seal = (field: EncryptedField, value: string | null | undefined) => (value ? cipher.encrypt(field, value) : null);
  return {
    encryptedEmail: seal("email", customer.email),
    encryptedPhone: seal("phone", customer.phone),
    encryptedFirstName: seal("firstName", customer.firstName),
    encryptedLastName: seal("lastName", customer.lastName),
    encryptedAddress: seal("defaultAddress", customer.defaultAddress && JSON.stringify(customer.defaultAddress)),
    encryptedNote: seal("note", customer.note),
  };
}

async function blindIndexes(vault: Vault, shop: string, customer: ShopifyCustomer) {
  const email = customer.email ? normaliseEmail(customer.email) : null;
  const phone = customer.phone ? normalisePhone(customer.phone) : null;
  return {
    emailIndex: email && (await vault.blindIndex({ shop, field: "email", normalised: email })),
    phoneIndex: phone && (await vault.blindIndex({ shop, field: "phone", normalised: phone })),
  };
}

/**
 * The plain attributes the source reported. One it left out (customer webhooks carry no purchase
 * stats or marketing consent since 2025-01) keeps its stored value, or stays null (unknown) on create;
 * personal fields, in contrast, are always written: a missing one is cleared (data minimisation).
 */
function reportedAttributes(customer: ShopifyCustomer) {
  const { state, ordersCount, amountSpent, currency, dataSaleOptOut } = customer;
  const attributes = { state, ordersCount, amountSpent, currency, dataSaleOptOut };
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined)) as Partial<typeof attributes>;
}

/** The marketing consents the source reported; each is written under its own ordering. */
export function consentReports(customer: ShopifyCustomer): ConsentReport[] {
  const reports: ConsentReport[] = [];
  if (customer.emailMarketingState) reports.push({ channel: "email", state: customer.emailMarketingState, updatedAt: customer.emailMarketingUpdatedAt ?? null });
  if (customer.smsMarketingState) reports.push({ channel: "sms", state: customer.smsMarketingState, updatedAt: customer.smsMarketingUpdatedAt ?? null });
  return reports;
}

/** Consent columns of a row inserted with the customer (nothing stored can be newer than it). */
export function initialConsent(customer: ShopifyCustomer) {
  return Object.fromEntries(consentReports(customer).flatMap(({ channel, state, updatedAt }) => [
    [`${channel}MarketingState`, state],
    [`${channel}MarketingUpdatedAt`, updatedAt],
  ])) as { emailMarketingState?: string; emailMarketingUpdatedAt?: Date | null; smsMarketingState?: string; smsMarketingUpdatedAt?: Date | null };
}

/**
 * The columns a customer is stored with (everything but shop, customer id and consent), encrypted
 * under `cipher`. Consent is written on its own ordering (recordMarketingConsent, initialConsent).
 */
export async function customerColumns({
  vault,
  shop,
  customer,
  cipher,
  sourceUpdatedAt,
}: {
  vault: Vault;
  shop: string;
  customer: ShopifyCustomer;
  cipher: CustomerCipher;
  sourceUpdatedAt: Date;
}) {
  return {
    sourceUpdatedAt,
    createdAt: customer.createdAt,
    ...reportedAttributes(customer),
    ...encryptedColumns(cipher, customer),
    ...(await blindIndexes(vault, shop, customer)),
  };
}

/** Stores the customer unless the vault already holds a newer version. Returns whether it applied. */
export async function upsertCustomer({
  db,
  vault,
  shop,
  customer,
  sourceUpdatedAt,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  customer: ShopifyCustomer;
  sourceUpdatedAt: Date;
}): Promise<{ applied: boolean }> {
  const cipher = await vault.cipherFor({ shop, customerId: customer.id });
  const data = await customerColumns({ vault, shop, customer, cipher, sourceUpdatedAt });
  const applied = await writeUnlessStale({
    update: () => db.customer.updateMany({ where: { shop, customerId: customer.id, sourceUpdatedAt: { lte: sourceUpdatedAt } }, data }),
    create: () => db.customer.create({ data: { shop, customerId: customer.id, ...data } }),
  });
  // Consent has its own time: it applies (or not) whether or not the rest of this version did.
  for (const report of consentReports(customer)) await recordMarketingConsent({ db, shop, customerId: customer.id, report });
  return { applied };
}

/** One encrypted column of a stored row, decrypted. */
export function decryptColumn(cipher: CustomerCipher, row: Customer, field: EncryptedField): string | null {
  const ciphertext = row[ENCRYPTED_COLUMNS[field]];
  return ciphertext === null ? null : cipher.decrypt(field, ciphertext);
}

export async function decryptCustomer(vault: Vault, row: Customer): Promise<VaultCustomer> {
  const cipher = await vault.existingCipherFor({ shop: row.shop, customerId: row.customerId });
  if (!cipher) throw new Error("customer row has no data key (erased while being read?)");
  const address = decryptColumn(cipher, row, "defaultAddress");
  return {
    customerId: row.customerId,
    sourceUpdatedAt: row.sourceUpdatedAt,
    createdAt: row.createdAt,
    state: row.state,
    ordersCount: row.ordersCount,
    amountSpent: row.amountSpent,
    currency: row.currency,
    emailMarketingState: row.emailMarketingState,
    smsMarketingState: row.smsMarketingState,
    emailMarketingUpdatedAt: row.emailMarketingUpdatedAt,
    smsMarketingUpdatedAt: row.smsMarketingUpdatedAt,
    dataSaleOptOut: row.dataSaleOptOut,
    email: decryptColumn(cipher, row, "email"),
    phone: decryptColumn(cipher, row, "phone"),
    firstName: decryptColumn(cipher, row, "firstName"),
    lastName: decryptColumn(cipher, row, "lastName"),
    defaultAddress: address === null ? null : (JSON.parse(address) as Record<string, unknown>),
    note: decryptColumn(cipher, row, "note"),
  };
}

export async function readCustomer({ db, vault, shop, customerId }: { db: Db; vault: Vault; shop: string; customerId: string }) {
  const row = await db.customer.findUnique({ where: { shop_customerId: { shop, customerId } } });
  return row && decryptCustomer(vault, row);
}
