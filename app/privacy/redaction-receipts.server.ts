// Redaction receipts: the proof that an erasure happened. A receipt names the shop and the person
// only by keyed hashes and lists what was erased; its digest covers all of that, so a receipt that
// was altered afterwards no longer matches.
import { createHash } from "node:crypto";
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import type { ErasedCounts } from "./customer-data-holder.server";
import { shopRef } from "./privacy-keys.server";

function receiptDigest(fields: { shopRef: string; triggerId: string; scope: string; subjectRef: string | null; erased: string; erasedAt: Date }) {
  return createHash("sha256")
    .update(JSON.stringify([fields.shopRef, fields.triggerId, fields.scope, fields.subjectRef, fields.erased, fields.erasedAt.toISOString()]))
    .digest("hex");
}

/** Writes the receipt once per trigger; a retried erasure keeps the first receipt. */
export async function writeRedactionReceipt({
  db,
  shop,
  triggerId,
  scope,
  subjectRef = null,
  erased,
  erasedAt = new Date(),
}: {
  db: Db;
  shop: string;
  triggerId: string;
  scope: "customer" | "shop";
  subjectRef?: string | null;
  erased: ErasedCounts;
  erasedAt?: Date;
}) {
  const fields = { shopRef: shopRef(shop), triggerId, scope, subjectRef, erased: JSON.stringify(erased), erasedAt };
  return db.redactionReceipt.upsert({
    where: { triggerId },
    create: { id: newId(), ...fields, digest: receiptDigest(fields) },
    update: {},
  });
}

export function verifyRedactionReceipt(receipt: Parameters<typeof receiptDigest>[0] & { digest: string }): boolean {
  return receiptDigest(receipt) === receipt.digest;
}

export async function shopWasErased({ db, shop }: { db: Db; shop: string }): Promise<boolean> {
  return (await db.redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "shop" } })) > 0;
}
