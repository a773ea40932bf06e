// "Analytics data for BI tools" on the Data & recipients page: what the dataset holds in the
// merchant's words, the format, who it is for (the merchant, or a registered recipient with a current
// agreement; the others are shown but cannot be chosen, and the server checks again), and the
// download of the zip. The read-only `analytics` schema is mentioned only where the database has it.
import { BlockStack, FormLayout, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { FormatChoice } from "../analytics/export-analytics.server";
import { useAdminLanguage } from "../i18n/use-admin-language";
import type { RegisteredRecipient } from "../recipients/recipient-register.server";
import { DownloadButton } from "./download-button";
import { SectionCard } from "./section-card";

const FORMATS: FormatChoice[] = ["parquet", "csv", "both"];
const OWN_USE = "";

export function AnalyticsExportCard({ recipients, analyticsSchema }: { recipients: Pick<RegisteredRecipient, "id" | "name" | "agreement">[]; analyticsSchema: boolean }) {
  const { t, locale } = useAdminLanguage();
  const [format, setFormat] = useState<FormatChoice>("parquet");
  const [recipient, setRecipient] = useState(OWN_USE);
  const recipientOptions = [
    { label: t("data.analytics.forOwnUse"), value: OWN_USE },
    ...recipients.map(({ id, name, agreement }) =>
      agreement === "current" ? { label: name, value: id } : { label: t("data.analytics.forUnavailable", { name, agreement: t(`data.agreement.${agreement}`) }), value: id, disabled: true },
    ),
  ];
  const query = new URLSearchParams({ format, locale, ...(recipient === OWN_USE ? {} : { for: recipient }) });
  return (
    <SectionCard title={t("data.analytics.title")} help={t("data.analytics.help")}>
      <BlockStack gap="300">
        {analyticsSchema ? <Text as="p">{t("data.analytics.schema")}</Text> : null}
        <FormLayout>
          <FormLayout.Group>
            <Select label={t("data.analytics.format")} options={FORMATS.map((value) => ({ label: t(`data.analytics.formats.${value}`), value }))} value={format} onChange={(value) => setFormat(value as FormatChoice)} />
            <Select label={t("data.analytics.for")} options={recipientOptions} value={recipient} onChange={setRecipient} helpText={t("data.analytics.forHelp")} />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack>
          <DownloadButton url={`/app/data/analytics?${query.toString()}`} label={t("data.analytics.download")} />
        </InlineStack>
      </BlockStack>
    </SectionCard>
  );
}
