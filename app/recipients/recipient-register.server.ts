// The shop's register of third-party recipients (GDPR Art. 28 and 30(1)(d)): who receives which
// categories of the data inventory, where they are, on what agreement and transfer mechanism. Every
// change is audited; nothing about shoppers is stored here.
import { z } from "zod";
import { recordAudit } from "../audit/audit-trail.server";
import { DATA_CATEGORY_IDS, type DataCategoryId } from "../data-inventory/data-categories.server";
import type { Db } from "../db.server";
import { dayInZone, dayStartInZone } from "../i18n/format";
import { newId } from "../ids.server";
import { shopTimeZone } from "../shops/time-zone.server";
import { COUNTRIES, mechanismMismatch, TRANSFER_MECHANISMS, type TransferMechanism } from "./countries";
import { agreementStatus, type AgreementStatus } from "./recipient-agreement.server";

const day = z.union([z.literal(""), z.iso.date({ error: "must be a date like 2026-11-29" })]).default("");

/** The add/edit form as posted: categories as one comma-separated list, dates as calendar days in the shop's zone. */
export const recipientFormSchema = z.object({
  name: z.string().trim().min(1, { error: "is required" }).max(200, { error: "must be at most 200 characters" }),
  purpose: z.string().trim().min(1, { error: "is required" }).max(1000, { error: "must be at most 1000 characters" }),
  categories: z
    .string()
    .transform((list) => [...new Set(list.split(",").filter(Boolean))])
    .pipe(z.array(z.enum(DATA_CATEGORY_IDS, { error: "must name the data inventory's categories" })).min(1, { error: "choose at least one category" })),
  country: z.enum(COUNTRIES as [string, ...string[]], { error: "must be a country code such as DE or US" }),
  transferMechanism: z.enum(TRANSFER_MECHANISMS, { error: `must be one of ${TRANSFER_MECHANISMS.join(", ")}` }),
  agreementSignedAt: day,
  agreementExpiresAt: day,
});
export type RecipientForm = z.output<typeof recipientFormSchema>;

/** A form that parses but cannot be stored as it is (422), or a recipient that is not this shop's (404). */
export class RecipientRefusedError extends Error {
  constructor(readonly code: "notFound" | "expiryWithoutAgreement" | "expiryBeforeAgreement" | "notInEea" | "inEea" | "noAdequacy") {
    super(code);
    this.name = "RecipientRefusedError";
  }
}

export interface RegisteredRecipient {
  id: string;
  name: string;
  purpose: string;
  categories: DataCategoryId[];
  country: string;
  transferMechanism: TransferMechanism;
  /** Calendar days in the shop's zone, as the form shows them. */
  agreementSignedOn: string | null;
  agreementExpiresOn: string | null;
  agreement: AgreementStatus;
  /** Days until a current agreement expires; null when it has no expiry or is not current. */
  expiresInDays: number | null;
}

type Row = NonNullable<Awaited<ReturnType<Db["dataRecipient"]["findFirst"]>>>;
const DAY_MS = 24 * 3600 * 1000;

function registered(row: Row, timeZone: string, now: Date): RegisteredRecipient {
  const agreement = agreementStatus(row, now);
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose,
    categories: JSON.parse(row.categories) as DataCategoryId[],
    country: row.country,
    transferMechanism: row.transferMechanism as TransferMechanism,
    agreementSignedOn: row.agreementSignedAt && dayInZone(row.agreementSignedAt, timeZone),
    agreementExpiresOn: row.agreementExpiresAt && dayInZone(row.agreementExpiresAt, timeZone),
    agreement,
    expiresInDays: agreement === "current" && row.agreementExpiresAt ? Math.ceil((row.agreementExpiresAt.getTime() - now.getTime()) / DAY_MS) : null,
  };
}

export async function listRecipients({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }): Promise<RegisteredRecipient[]> {
  const [rows, timeZone] = await Promise.all([db.dataRecipient.findMany({ where: { shop }, orderBy: [{ name: "asc" }, { id: "asc" }] }), shopTimeZone({ db, shop })]);
  return rows.map((row) => registered(row, timeZone, now));
}

export async function getRecipient({ db, shop, id, now = new Date() }: { db: Db; shop: string; id: string; now?: Date }): Promise<RegisteredRecipient> {
  const row = await db.dataRecipient.findFirst({ where: { id, shop } });
  if (!row) throw new RecipientRefusedError("notFound");
  return registered(row, await shopTimeZone({ db, shop }), now);
}

/** The stored columns for a form, or why it cannot be stored. Dates are the start of the day in the shop's zone. */
function columnsOf(form: RecipientForm, timeZone: string) {
  if (form.agreementExpiresAt && !form.agreementSignedAt) throw new RecipientRefusedError("expiryWithoutAgreement");
  if (form.agreementExpiresAt && form.agreementExpiresAt <= form.agreementSignedAt) throw new RecipientRefusedError("expiryBeforeAgreement");
  const mismatch = mechanismMismatch(form.country, form.transferMechanism);
  if (mismatch) throw new RecipientRefusedError(mismatch);
  return {
    name: form.name,
    purpose: form.purpose,
    categories: JSON.stringify(form.categories),
    country: form.country,
    transferMechanism: form.transferMechanism,
    agreementSignedAt: form.agreementSignedAt ? dayStartInZone(form.agreementSignedAt, timeZone) : null,
    agreementExpiresAt: form.agreementExpiresAt ? dayStartInZone(form.agreementExpiresAt, timeZone) : null,
  };
}

/** Adds a recipient (no id) or changes one of this shop's; returns its id. */
export async function saveRecipient({ db, shop, actor, id, form }: { db: Db; shop: string; actor: string; id?: string; form: RecipientForm }): Promise<string> {
  const columns = columnsOf(form, await shopTimeZone({ db, shop }));
  return db.$transaction(async (tx) => {
    if (!id) {
      const created = await tx.dataRecipient.create({ data: { id: newId(), shop, ...columns } });
      await recordAudit(tx, { shop, actor, action: "data.recipient.added", detail: { recipientId: created.id, categories: form.categories } });
      return created.id;
    }
    const { count } = await tx.dataRecipient.updateMany({ where: { id, shop }, data: columns });
    if (count === 0) throw new RecipientRefusedError("notFound");
    await recordAudit(tx, { shop, actor, action: "data.recipient.changed", detail: { recipientId: id, categories: form.categories } });
    return id;
  });
}

export async function removeRecipient({ db, shop, actor, id }: { db: Db; shop: string; actor: string; id: string }) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.dataRecipient.deleteMany({ where: { id, shop } });
    if (count === 0) throw new RecipientRefusedError("notFound");
    await recordAudit(tx, { shop, actor, action: "data.recipient.removed", detail: { recipientId: id } });
  });
}
