// Which optional personal fields the sync stores for a shop. Email is always kept: it is how a privacy
// request without a customer id finds the person. A field turned off is dropped from every incoming
// customer and cleared from the ones already stored (docs/data-inventory.md says why the defaults).
import { z } from "zod";
import type { Db } from "../db.server";
import type { SyncedCustomer } from "./webhook-payloads.server";

export const OPTIONAL_FIELDS = ["names", "phone", "address", "note"] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

export const syncedFieldsSchema = z.object({
  names: z.boolean(),
  phone: z.boolean(),
  address: z.boolean(),
  note: z.boolean(),
});

export type SyncedFields = z.infer<typeof syncedFieldsSchema>;

/** What features use: names and phone for personalisation; address and note for nothing yet. */
export const DEFAULT_SYNCED_FIELDS: SyncedFields = { names: true, phone: true, address: false, note: false };

export async function syncedFields({ db, shop }: { db: Pick<Db, "syncSettings">; shop: string }): Promise<SyncedFields> {
  const row = await db.syncSettings.findUnique({ where: { shop } });
  return row ? { names: row.syncNames, phone: row.syncPhone, address: row.syncAddress, note: row.syncNote } : DEFAULT_SYNCED_FIELDS;
}

/** Saves the choice; returns the fields that were on and are now off (their stored values must go). */
export async function saveSyncedFields({ db, shop, fields }: { db: Pick<Db, "syncSettings">; shop: string; fields: SyncedFields }) {
  const before = await syncedFields({ db, shop });
  const columns = { syncNames: fields.names, syncPhone: fields.phone, syncAddress: fields.address, syncNote: fields.note };
  await db.syncSettings.upsert({ where: { shop }, create: { shop, ...columns }, update: columns });
  return OPTIONAL_FIELDS.filter((field) => before[field] && !fields[field]);
}

export function minimiseCustomer(customer: SyncedCustomer, fields: SyncedFields): SyncedCustomer {
  return {
    ...customer,
    firstName: fields.names ? customer.firstName : null,
    lastName: fields.names ? customer.lastName : null,
    phone: fields.phone ? customer.phone : null,
    defaultAddress: fields.address ? customer.defaultAddress : null,
    note: fields.note ? customer.note : null,
  };
}

const CLEARED_COLUMNS = {
  names: { encryptedFirstName: null, encryptedLastName: null },
  phone: { encryptedPhone: null, phoneIndex: null },
  address: { encryptedAddress: null },
  note: { encryptedNote: null },
} as const satisfies Record<OptionalField, object>;

/** Clears every field the shop does not sync from its stored customers. Safe to repeat. */
export async function clearUnsyncedFields({ db, shop }: { db: Db; shop: string }) {
  const fields = await syncedFields({ db, shop });
  const off = OPTIONAL_FIELDS.filter((field) => !fields[field]);
  if (off.length === 0) return { fields: off, customers: 0 };
  const { count } = await db.customer.updateMany({ where: { shop }, data: Object.assign({}, ...off.map((field) => CLEARED_COLUMNS[field])) });
  return { fields: off, customers: count };
}
