// The shop's records of processing activities (GDPR Art. 30(1)) as the merchant downloads them: the
// controller, one activity per category of the data inventory the shop collects (purpose, legal
// basis, data subjects, retention, protection, recipients, transfers outside the EEA), the recipients
// register with the app's own sub-processors, and the security measures. CSV or a printable HTML
// page in the admin's language; every download is audited.
import { recordAudit } from "../audit/audit-trail.server";
import { csvCell } from "../audit/audit-log.server";
import type { Db } from "../db.server";
import { escapeHtml } from "../http/escape-html.server";
import { adminFormat } from "../i18n/format";
import { translator, type Locale, type Translate } from "../i18n/i18n";
import { appProcessors, type AppProcessor } from "../recipients/app-processors.server";
import { EEA } from "../recipients/countries";
import { listRecipients, type RegisteredRecipient } from "../recipients/recipient-register.server";
import { shopTimeZone } from "../shops/time-zone.server";
import type { DataCategoryId } from "./data-categories.server";
import { categoryNames, countryName, retentionText } from "./inventory-words";
import { shopDataInventory, type ShopDataCategory } from "./shop-inventory.server";

export const RECORDS_FORMATS = ["csv", "html"] as const;
export type RecordsFormat = (typeof RECORDS_FORMATS)[number];

interface Records {
  shop: string;
  activities: ShopDataCategory[];
  recipients: RegisteredRecipient[];
  processors: AppProcessor[];
}

/** One line of the register, a merchant's recipient or one of the app's own sub-processors, in words. */
interface RecipientLine {
  name: string;
  purpose: string;
  categories: DataCategoryId[];
  country: string;
  /** Null inside the EEA (or wherever the merchant's email provider is). */
  transfer: string | null;
  agreement: string;
}

function recipientLines({ recipients, processors }: Records, t: Translate, locale: Locale, format: ReturnType<typeof adminFormat>): RecipientLine[] {
  const transfer = (country: string | null, mechanism: string | null) => (country && mechanism && !EEA.has(country) ? t(`data.mechanisms.${mechanism}`) : null);
  return [
    ...processors.map((processor) => ({
      name: `${t(`data.processors.${processor.id}.name`)} (${t("data.records.sub")})`,
      purpose: t(`data.processors.${processor.id}.purpose`),
      categories: processor.categories,
      country: processor.country ? countryName(processor.country, locale) : t("data.providerCountry"),
      transfer: transfer(processor.country, processor.transferMechanism),
      agreement: "—",
    })),
    ...recipients.map((recipient) => ({
      name: recipient.name,
      purpose: recipient.purpose,
      categories: recipient.categories,
      country: countryName(recipient.country, locale),
      transfer: transfer(recipient.country, recipient.transferMechanism),
      agreement: [
        t(`data.agreement.${recipient.agreement}`),
        recipient.agreementSignedOn && t("data.signedOn", { date: format.day(recipient.agreementSignedOn) }),
        recipient.agreementExpiresOn && t("data.expiresOn", { date: format.day(recipient.agreementExpiresOn) }),
      ]
        .filter(Boolean)
        .join(", "),
    })),
  ];
}

/** Each activity as the columns of records.columns, in order. */
function activityRows(records: Records, lines: RecipientLine[], t: Translate): string[][] {
  return records.activities.map((activity) => {
    const receiving = lines.filter((line) => line.categories.includes(activity.id));
    return [
      t(`data.categories.${activity.id}.name`),
      t(`data.categories.${activity.id}.purpose`),
      t(`data.legalBasis.${activity.legalBasis}`),
      t(`data.subjects.${activity.subjects}`),
      activity.storedIn.join(", "),
      retentionText(activity.retention, t),
      t(`data.protection.${activity.protection}`),
      receiving.map((line) => line.name).join("; ") || t("data.records.none"),
      receiving.flatMap((line) => (line.transfer ? [`${line.name}: ${line.country}, ${line.transfer}`] : [])).join("; ") || t("data.records.none"),
    ];
  });
}

const ACTIVITY_COLUMNS = ["activity", "purpose", "legalBasis", "subjects", "fields", "retention", "protection", "recipients", "transfers"] as const;
const RECIPIENT_COLUMNS = ["name", "purpose", "categories", "country", "mechanism", "agreement"] as const;
/** What protects the data, as the app implements it (docs/decisions/003, 011, 012, 019). */
const MEASURES = ["encryption", "blindIndex", "cryptoShredding", "backups", "auditTrail", "reveal", "pseudonyms", "logs"] as const;

function recipientRow(line: RecipientLine, t: Translate) {
  return [line.name, line.purpose, categoryNames(line.categories, t), line.country, line.transfer ?? t("data.records.none"), line.agreement];
}

function recordsCsv(records: Records, t: Translate, lines: RecipientLine[], created: string): string {
  const row = (cells: string[]) => cells.map(csvCell).join(",");
  return [
    row([t("data.records.controller"), t("data.records.controllerBody", { shop: records.shop }), t("data.records.created", { date: created })]),
    "",
    row(ACTIVITY_COLUMNS.map((column) => t(`data.records.columns.${column}`))),
    ...activityRows(records, lines, t).map(row),
    "",
    row(RECIPIENT_COLUMNS.map((column) => t(`data.records.recipientColumns.${column}`))),
    ...lines.map((line) => row(recipientRow(line, t))),
    "",
    row([t("data.records.security")]),
    ...MEASURES.map((measure) => row([t(`data.records.measures.${measure}`)])),
  ]
    .map((line) => `${line}\r\n`)
    .join("");
}

function recordsHtml(records: Records, t: Translate, locale: Locale, lines: RecipientLine[], created: string): string {
  const title = escapeHtml(t("data.records.title", { shop: records.shop }));
  const table = (headings: string[], rows: string[][]) =>
    `<table>\n<thead><tr>${headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join("")}</tr></thead>\n<tbody>\n${rows
      .map(([first, ...rest]) => `<tr><th scope="row">${escapeHtml(first!)}</th>${rest.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
      .join("\n")}\n</tbody>\n</table>`;
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font:13px/1.45 system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#f2f2f2}@media print{body{margin:0;font-size:10pt}tr{break-inside:avoid}}</style>
</head>
<body>
<h1>${title}</h1>
<p>${escapeHtml(t("data.records.created", { date: created }))}</p>
<h2>${escapeHtml(t("data.records.controller"))}</h2>
<p>${escapeHtml(t("data.records.controllerBody", { shop: records.shop }))}</p>
<h2>${escapeHtml(t("data.records.activities"))}</h2>
${table(
  ACTIVITY_COLUMNS.map((column) => t(`data.records.columns.${column}`)),
  activityRows(records, lines, t),
)}
<h2>${escapeHtml(t("data.records.recipients"))}</h2>
${table(
  RECIPIENT_COLUMNS.map((column) => t(`data.records.recipientColumns.${column}`)),
  lines.map((line) => recipientRow(line, t)),
)}
<h2>${escapeHtml(t("data.records.security"))}</h2>
<ul>
${MEASURES.map((measure) => `<li>${escapeHtml(t(`data.records.measures.${measure}`))}</li>`).join("\n")}
</ul>
</body>
</html>
`;
}

/** The records in the format asked for, with the file name to give them; the download is audited. */
export async function downloadRecordsOfProcessing({
  db,
  shop,
  actor,
  format: fileFormat,
  locale,
  emailConfigured,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  actor: string;
  format: RecordsFormat;
  locale: Locale;
  /** Whether the app's email transport is a sub-processor (SMTP_URL is set). */
  emailConfigured: boolean;
  now?: Date;
}) {
  const [inventory, recipients, timeZone] = await Promise.all([shopDataInventory({ db, shop }), listRecipients({ db, shop, now }), shopTimeZone({ db, shop })]);
  const records: Records = { shop, activities: inventory.filter((category) => category.collected), recipients, processors: appProcessors({ emailConfigured }) };
  const t = translator(locale);
  const format = adminFormat({ locale, timeZone });
  const lines = recipientLines(records, t, locale, format);
  const created = format.dateTime(now);
  const body = fileFormat === "csv" ? recordsCsv(records, t, lines, created) : recordsHtml(records, t, locale, lines, created);
  await recordAudit(db, { shop, actor, action: "data.records.downloaded", detail: { format: fileFormat, activities: records.activities.length, recipients: recipients.length } }, now);
  return {
    body,
    contentType: fileFormat === "csv" ? "text/csv; charset=utf-8" : "text/html; charset=utf-8",
    filename: `records-of-processing-${now.toISOString().slice(0, 10)}.${fileFormat}`,
  };
}
