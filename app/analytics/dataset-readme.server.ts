// README.txt of an analytics export, in the admin's language: what each table holds with its
// columns, when it was exported in the shop's time zone (the files' own times are UTC), who it is
// for, and what a customer reference is and is not.
import { adminFormat } from "../i18n/format";
import { translator, type Locale } from "../i18n/i18n";
import { ANALYTICS_TABLES } from "./analytics-dataset.server";

export const README_NAME = "README.txt";

export function datasetReadme({
  shop,
  recipient,
  formats,
  locale,
  now,
  timeZone,
}: {
  shop: string;
  recipient: { name: string } | null;
  /** The files' extensions, one per format. */
  formats: readonly string[];
  locale: Locale;
  now: Date;
  timeZone: string;
}): string {
  const t = translator(locale);
  const format = adminFormat({ locale, timeZone });
  const tables = ANALYTICS_TABLES.flatMap(({ name, columns }) => [
    formats.map((extension) => `${name}.${extension}`).join(", "),
    `  ${t(`data.analytics.readme.tables.${name}`)}`,
    `  ${t("data.analytics.readme.columns", { columns: columns.map((column) => column.name).join(", ") })}`,
    "",
  ]);
  return [
    t("data.analytics.readme.title", { shop }),
    "",
    t("data.analytics.readme.exported", { date: format.dateTime(now), timeZone }),
    recipient ? t("data.analytics.readme.forRecipient", { name: recipient.name }) : t("data.analytics.readme.forOwnUse"),
    t("data.analytics.readme.utc"),
    "",
    t("data.analytics.readme.tablesTitle"),
    "",
    ...tables,
    t("data.analytics.readme.referencesTitle"),
    "",
    t("data.analytics.readme.references"),
    "",
    t("data.analytics.readme.personalData"),
    "",
  ].join("\r\n");
}
