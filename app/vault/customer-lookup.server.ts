// Exact-match lookups through blind indexes. An index value is shared by several customers on
// purpose (it is truncated), so each candidate is decrypted and compared before it is returned.
import type { Db } from "../db.server";
import type { IndexedField } from "./blind-index.server";
import { decryptColumn, decryptCustomer, type VaultCustomer } from "./customers.server";
import { normaliseEmail, normalisePhone } from "./normalise.server";
import type { Vault } from "./vault.server";

async function findByBlindIndex({
  db,
  vault,
  shop,
  field,
  normalised,
  normalise,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  field: IndexedField;
  normalised: string;
  normalise: (stored: string) => string | null;
}): Promise<VaultCustomer | null> {
  const index = await vault.blindIndex({ shop, field, normalised });
  const indexColumn = field === "email" ? "emailIndex" : "phoneIndex";
  const candidates = await db.customer.findMany({ where: { shop, [indexColumn]: index }, orderBy: { customerId: "asc" } });
  for (const row of candidates) {
    const cipher = await vault.existingCipherFor({ shop, customerId: row.customerId });
    const stored = cipher && decryptColumn(cipher, row, field);
    if (stored && normalise(stored) === normalised) return decryptCustomer(vault, row);
  }
  return null;
}

export async function findCustomerByEmail({ db, vault, shop, email }: { db: Db; vault: Vault; shop: string; email: string }) {
  const normalised = normaliseEmail(email);
  return normalised ? findByBlindIndex({ db, vault, shop, field: "email", normalised, normalise: normaliseEmail }) : null;
}

/** `defaultCallingCode` (e.g. "44") only when the caller knows the country of a national number. */
export async function findCustomerByPhone({
  db,
  vault,
  shop,
  phone,
  defaultCallingCode,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  phone: string;
  defaultCallingCode?: string;
}) {
  const normalised = normalisePhone(phone, { defaultCallingCode });
  const normalise = (stored: string) => normalisePhone(stored);
  return normalised ? findByBlindIndex({ db, vault, shop, field: "phone", normalised, normalise }) : null;
}
