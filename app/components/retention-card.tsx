// The Settings card where staff see and change how long the shop keeps each kind of data. A shorter
// period deletes data at the next daily run, so the server asks for a confirmation first and this card
// shows what would be shortened with a button that confirms it.
import { useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";
import type { RetentionKind, RetentionPeriods } from "../retention/retention-periods.server";

const KINDS: RetentionKind[] = ["inactiveCustomerMonths", "consentReceiptDays", "exportDays", "auditDays", "inboxDays"];

type Result = { saved: true; changed: RetentionKind[] } | { saved: false; shortened: RetentionKind[] } | null;

export function RetentionCard({
  periods: saved,
  defaults,
  bounds,
  result,
}: {
  periods: RetentionPeriods;
  defaults: RetentionPeriods;
  bounds: Record<RetentionKind, { min: number; max: number }>;
  result: Result;
}) {
  const [periods, setPeriods] = useState<Record<RetentionKind, string>>(
    () => Object.fromEntries(Object.entries(saved).map(([kind, value]) => [kind, String(value)])) as Record<RetentionKind, string>,
  );
  const submit = useSubmit();
  const saving = useNavigation().formData?.get("intent") === "retention";
  const save = (confirmShortening: boolean) => submit({ intent: "retention", ...periods, confirmShortening: String(confirmShortening) }, { method: "post" });
  const { t } = useAdminLanguage();
  const label = (kind: RetentionKind) => t(`retention.kinds.${kind}.label`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("retention.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("retention.help")}
        </Text>
        {result?.saved === true ? <Banner tone="success">{result.changed.length ? t("retention.saved") : t("retention.unchanged")}</Banner> : null}
        {result?.saved === false ? (
          <Banner tone="warning" title={t("retention.shortenTitle")}>
            <BlockStack gap="200">
              <Text as="p">{t("retention.shortenBody", { kinds: result.shortened.map(label).join(", ") })}</Text>
              <InlineStack>
                <Button tone="critical" onClick={() => save(true)} loading={saving}>
                  {t("retention.shorten")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : null}
        <FormLayout>
          {KINDS.map((kind) => (
            <TextField
              key={kind}
              label={label(kind)}
              type="number"
              min={bounds[kind].min}
              max={bounds[kind].max}
              value={periods[kind]}
              onChange={(value) => setPeriods({ ...periods, [kind]: value })}
              helpText={`${t(`retention.kinds.${kind}.help`)} ${t("retention.bounds", { default: defaults[kind], min: bounds[kind].min, max: bounds[kind].max })}`}
              autoComplete="off"
            />
          ))}
        </FormLayout>
        <InlineStack>
          <Button variant="primary" onClick={() => save(false)} loading={saving}>
            {t("retention.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
