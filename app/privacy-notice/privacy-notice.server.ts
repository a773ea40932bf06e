// The privacy notice section (GDPR Art. 13 and 14) for what Consent Vault does with shoppers' data,
// generated from what the app is set to store and keep: the synced fields (docs/data-inventory.md),
// the shop's retention periods, the processors the app itself uses and the recipients register. The
// merchant pastes it into Shopify's privacy policy; its digest tells when it changed since.
import { createHash } from "node:crypto";
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { appProcessors, type Processor } from "../recipients/app-processors.server";
import { listRecipients } from "../recipients/recipient-register.server";
import { getRetentionPeriods, type RetentionPeriods } from "../retention/retention-periods.server";
import { syncedFields, type SyncedFields } from "../sync/minimisation.server";

export const NOTICE_LANGUAGES = ["en", "de"] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** Someone the merchant shares shoppers' data with, from the shop's recipients register. */
export interface Recipient {
  name: string;
  purpose: string;
  /** ISO 3166-1 alpha-2: where the data goes (Art. 13(1)(f)). */
  country: string;
}

export interface NoticeFacts {
  fields: SyncedFields;
  periods: RetentionPeriods;
  processors: Processor[];
  recipients: Recipient[];
}

export async function gatherNoticeFacts({
  db,
  shop,
  emailConfigured,
}: {
  db: Db;
  shop: string;
  /** Whether the privacy center sends confirmations by email (SMTP_URL is set). */
  emailConfigured: boolean;
}): Promise<NoticeFacts> {
  const [fields, periods, register] = await Promise.all([syncedFields({ db, shop }), getRetentionPeriods({ db, shop }), listRecipients({ db, shop })]);
  const recipients = register.map(({ name, purpose, country }) => ({ name, purpose, country }));
  return { fields, periods, processors: appProcessors({ emailConfigured }).map((processor) => processor.id), recipients };
}

/** Changes whenever anything the notice says changes; the same in every language. */
export function noticeDigest(facts: NoticeFacts): string {
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex");
}

interface Wording {
  heading: string;
  intro: string;
  categoriesHeading: string;
  email: string;
  optional: Record<keyof SyncedFields, string>;
  orders: string;
  consent: string;
  requests: string;
  purposesHeading: string;
  purposes: (p: RetentionPeriods) => string[];
  sourcesHeading: string;
  sources: string;
  recipientsHeading: string;
  processors: Record<Processor, string>;
  recipientLine: (r: Recipient, country: string) => string;
  rightsHeading: string;
  rights: string;
  center: (path: string) => string;
}

const WORDING: Record<NoticeLanguage, Wording> = {
  en: {
    heading: "Consent and privacy requests (Consent Vault)",
    intro: "We use the Consent Vault app to record your cookie choices, to answer your privacy requests and, only with your consent, to personalise our store.",
    categoriesHeading: "What data",
    email: "your email address",
    optional: { names: "your first and last name", phone: "your phone number", address: "your default address", note: "notes we keep on your customer account" },
    orders: "your orders (products, amounts, dates) and your marketing consent as recorded in Shopify",
    consent: "your cookie choices on this store, when and on which page you made them, and a pseudonymous identifier of your browser and network",
    requests: "your privacy requests and what we did to answer them",
    purposesHeading: "Why, on what legal basis, and for how long",
    purposes: (p) => [
      `Proving your cookie choices (Art. 6(1)(c) and Art. 7(1) GDPR): each choice is kept for ${p.consentReceiptDays} days.`,
      `Answering your privacy requests and honouring your consent (Art. 6(1)(c) GDPR): your customer data is kept until you ask us to delete it, or after ${p.inactiveCustomerMonths} months without an order or a change to your account.`,
      `Copies of your data we prepare for you are deleted after ${p.exportDays} days; the record of what we did with your data after ${p.auditDays} days.`,
      "Personalised recommendations and customer segments, only if you agreed to marketing (Art. 6(1)(a) GDPR); you can withdraw at any time.",
      "Confirming a request you make without logging in: your email address, kept for at most one hour (Art. 6(1)(c) GDPR).",
    ],
    sourcesHeading: "Where the data comes from",
    sources: "From Shopify, which runs our store (your customer account and your orders), from the cookie banner on this store, and from the requests you make in our privacy center.",
    recipientsHeading: "Who receives the data",
    processors: {
      shopify: "Shopify, which hosts our store, as our processor",
      email: "our email delivery service, which sends the confirmation links of the privacy center",
    },
    recipientLine: (r, country) => `${r.name} (${country}): ${r.purpose}`,
    rightsHeading: "Your rights",
    rights:
      "You may ask for access to your data and a copy of it, its correction or deletion, the restriction of its processing, and object to it; you may withdraw any consent at any time without affecting what was done before; and you may complain to a data protection supervisory authority.",
    center: (path) => `Our privacy center handles these requests: ${path}`,
  },
  de: {
    heading: "Einwilligungen und Datenschutzanfragen (Consent Vault)",
    intro: "Wir nutzen die App Consent Vault, um Ihre Cookie-Einstellungen zu dokumentieren, Ihre Datenschutzanfragen zu beantworten und, nur mit Ihrer Einwilligung, unseren Shop zu personalisieren.",
    categoriesHeading: "Welche Daten",
    email: "Ihre E-Mail-Adresse",
    optional: { names: "Ihr Vor- und Nachname", phone: "Ihre Telefonnummer", address: "Ihre Standardadresse", note: "Notizen zu Ihrem Kundenkonto" },
    orders: "Ihre Bestellungen (Produkte, Beträge, Daten) und Ihre in Shopify erfasste Marketing-Einwilligung",
    consent: "Ihre Cookie-Einstellungen in diesem Shop, wann und auf welcher Seite Sie sie getroffen haben, sowie eine pseudonyme Kennung Ihres Browsers und Netzwerks",
    requests: "Ihre Datenschutzanfragen und wie wir sie beantwortet haben",
    purposesHeading: "Wozu, auf welcher Rechtsgrundlage und wie lange",
    purposes: (p) => [
      `Nachweis Ihrer Cookie-Einstellungen (Art. 6 Abs. 1 lit. c und Art. 7 Abs. 1 DSGVO): jede Auswahl wird ${p.consentReceiptDays} Tage aufbewahrt.`,
      `Beantwortung Ihrer Datenschutzanfragen und Beachtung Ihrer Einwilligungen (Art. 6 Abs. 1 lit. c DSGVO): Ihre Kundendaten werden gespeichert, bis Sie die Löschung verlangen, oder ${p.inactiveCustomerMonths} Monate lang nach Ihrer letzten Bestellung oder Änderung Ihres Kontos.`,
      `Für Sie erstellte Kopien Ihrer Daten werden nach ${p.exportDays} Tagen gelöscht, die Aufzeichnung unserer Verarbeitungsschritte nach ${p.auditDays} Tagen.`,
      "Personalisierte Empfehlungen und Kundensegmente nur, wenn Sie Marketing zugestimmt haben (Art. 6 Abs. 1 lit. a DSGVO); Sie können jederzeit widerrufen.",
      "Bestätigung einer Anfrage, die Sie ohne Anmeldung stellen: Ihre E-Mail-Adresse, höchstens eine Stunde lang gespeichert (Art. 6 Abs. 1 lit. c DSGVO).",
    ],
    sourcesHeading: "Woher die Daten stammen",
    sources: "Von Shopify, das unseren Shop betreibt (Ihr Kundenkonto und Ihre Bestellungen), aus dem Cookie-Banner dieses Shops und aus Ihren Anfragen in unserem Datenschutz-Center.",
    recipientsHeading: "Wer die Daten erhält",
    processors: {
      shopify: "Shopify, das unseren Shop hostet, als unser Auftragsverarbeiter",
      email: "unser E-Mail-Versanddienst, der die Bestätigungslinks des Datenschutz-Centers versendet",
    },
    recipientLine: (r, country) => `${r.name} (${country}): ${r.purpose}`,
    rightsHeading: "Ihre Rechte",
    rights:
      "Sie können Auskunft über Ihre Daten und eine Kopie davon, ihre Berichtigung oder Löschung und die Einschränkung ihrer Verarbeitung verlangen und der Verarbeitung widersprechen; Sie können jede Einwilligung jederzeit widerrufen, ohne dass dies die bisherige Verarbeitung berührt; und Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren.",
    center: (path) => `Diese Anfragen nimmt unser Datenschutz-Center entgegen: ${path}`,
  },
};

/** The privacy center's storefront path, as the app proxy serves it (shopify.app.toml). */
export const PRIVACY_CENTER_PATH = "/apps/consent-vault/privacy";

/** The notice as plain text with headings, ready to paste into Shopify's privacy policy. */
export function renderNotice(facts: NoticeFacts, language: NoticeLanguage): string {
  const w = WORDING[language];
  const stored = [w.email, ...(Object.keys(w.optional) as (keyof SyncedFields)[]).filter((field) => facts.fields[field]).map((field) => w.optional[field]), w.orders, w.consent, w.requests];
  const countries = new Intl.DisplayNames([language], { type: "region" });
  const recipients = [...facts.processors.map((processor) => w.processors[processor]), ...facts.recipients.map((r) => w.recipientLine(r, countries.of(r.country) ?? r.country))];
  const list = (items: string[]) => items.map((item) => `- ${item}`).join("\n");
  return [
    w.heading,
    w.intro,
    `${w.categoriesHeading}\n${list(stored)}`,
    `${w.purposesHeading}\n${list(w.purposes(facts.periods))}`,
    `${w.sourcesHeading}\n${w.sources}`,
    `${w.recipientsHeading}\n${list(recipients)}`,
    `${w.rightsHeading}\n${w.rights}\n${w.center(PRIVACY_CENTER_PATH)}`,
  ].join("\n\n");
}

/** The notice in both languages, whether it changed since it was last copied, and its digest. */
export async function privacyNoticeState({ db, shop, emailConfigured }: { db: Db; shop: string; emailConfigured: boolean }) {
  const facts = await gatherNoticeFacts({ db, shop, emailConfigured });
  const digest = noticeDigest(facts);
  const copy = await db.privacyNoticeCopy.findUnique({ where: { shop } });
  return {
    texts: Object.fromEntries(NOTICE_LANGUAGES.map((language) => [language, renderNotice(facts, language)])) as Record<NoticeLanguage, string>,
    digest,
    copiedAt: copy?.copiedAt.toISOString() ?? null,
    /** Never copied, or copied when it said something else. */
    changedSinceCopied: copy?.digest !== digest,
  };
}

/** The merchant copied the notice as it reads now (its digest as shown to them). */
export async function markNoticeCopied({ db, shop, digest, actor, now = new Date() }: { db: Db; shop: string; digest: string; actor: string; now?: Date }) {
  await db.$transaction(async (tx) => {
    await tx.privacyNoticeCopy.upsert({ where: { shop }, create: { shop, digest, copiedAt: now }, update: { digest, copiedAt: now } });
    await recordAudit(tx, { shop, actor, action: "privacy_notice.copied", detail: { digest } }, now);
  });
}
