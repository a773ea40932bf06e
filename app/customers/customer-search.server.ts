// The Customers page's list and search: exact email or phone through the blind indexes, or Shopify's
// customer id; newest first otherwise. Only masked values leave this module.
import type { Customer } from "@consent-vault/prisma-sqlite";
import type { Db } from "../db.server";
import { findCustomerByEmail, findCustomerByPhone } from "../vault/customer-lookup.server";
import { decryptColumn } from "../vault/customers.server";
import type { Vault } from "../vault/vault.server";
import { maskEmail, maskName, maskPhone } from "./masking.server";

export const CUSTOMER_PAGE_SIZE = 25;

export interface MaskedCustomer {
  customerId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  createdAt: string;
  ordersCount: number | null;
}

async function maskedCustomer(vault: Vault, row: Customer): Promise<MaskedCustomer> {
  const cipher = await vault.existingCipherFor({ shop: row.shop, customerId: row.customerId });
  const read = (field: "email" | "phone" | "firstName" | "lastName") => (cipher ? decryptColumn(cipher, row, field) : null);
  const name = [maskName(read("firstName")), maskName(read("lastName"))].filter(Boolean).join(" ");
  return {
    customerId: row.customerId,
    email: maskEmail(read("email")),
    phone: maskPhone(read("phone")),
    name: name || null,
    createdAt: row.createdAt.toISOString(),
    ordersCount: row.ordersCount,
  };
}

/** One customer of the shop, masked; null when the shop has no such customer. */
export async function findMaskedCustomer({ db, vault, shop, customerId }: { db: Db; vault: Vault; shop: string; customerId: string }) {
  const row = await db.customer.findUnique({ where: { shop_customerId: { shop, customerId } } });
  return row && maskedCustomer(vault, row);
}

/** What a search box holds: an email (has "@"), a Shopify id (digits or a gid), or a phone number. */
function queryKind(query: string): { by: "email" | "id" | "phone"; value: string } {
  const trimmed = query.trim();
  if (trimmed.includes("@")) return { by: "email", value: trimmed };
  const gid = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(trimmed);
  if (gid) return { by: "id", value: gid[1]! };
  if (/^\d{1,20}$/.test(trimmed)) return { by: "id", value: trimmed };
  return { by: "phone", value: trimmed };
}

export async function searchCustomers({ db, vault, shop, query }: { db: Db; vault: Vault; shop: string; query: string }): Promise<MaskedCustomer[]> {
  const { by, value } = queryKind(query);
  let customerId: string | null;
  if (by === "id") customerId = value;
  else if (by === "email") customerId = (await findCustomerByEmail({ db, vault, shop, email: value }))?.customerId ?? null;
  else customerId = (await findCustomerByPhone({ db, vault, shop, phone: value }))?.customerId ?? null;
  const customer = customerId && (await findMaskedCustomer({ db, vault, shop, customerId }));
  return customer ? [customer] : [];
}

export async function listCustomers({ db, vault, shop, page }: { db: Db; vault: Vault; shop: string; page: number }) {
  const rows = await db.customer.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { customerId: "asc" }],
    skip: (page - 1) * CUSTOMER_PAGE_SIZE,
    take: CUSTOMER_PAGE_SIZE + 1,
  });
  const customers = await Promise.all(rows.slice(0, CUSTOMER_PAGE_SIZE).map((row) => maskedCustomer(vault, row)));
  return { customers, hasNext: rows.length > CUSTOMER_PAGE_SIZE };
}
