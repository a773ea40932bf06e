// The Settings card where staff see and change how long the shop keeps each kind of data. A shorter
// period deletes data at the next daily run, so the server asks for a confirmation first and this card
// shows what would be shortened with a button that confirms it.
import { useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { RetentionKind, RetentionPeriods } from "../retention/retention-periods.server";

const LABELS: Record<RetentionKind, { label: string; help: string }> = {
  inactiveCustomerMonths: {
    label: "Inactive customers (months)",
    help: "Synced customers with no change in Shopify and no order for this long are erased from the app (not from Shopify), with a redaction receipt.",
  },
  consentReceiptDays: { label: "Consent receipts (days)", help: "Proof of each banner choice. Keep it at least as long as a choice stays valid." },
  exportDays: { label: "Customer data exports (days)", help: "How long an export stays downloadable before it is deleted." },
  auditDays: { label: "Audit trail (days)", help: "Older entries are removed; the chain stays verifiable from where it now starts." },
  inboxDays: { label: "Webhook inbox (days)", help: "Record of each webhook received, used to ignore Shopify's repeated deliveries." },
};

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
  const kinds = Object.keys(LABELS) as RetentionKind[];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Data retention
        </Text>
        <Text as="p" tone="subdued">
          A daily job deletes what is older than these periods and records what it deleted in the audit trail. Personalization data
          (purchases and results) is kept as long as its customer and erased with them.
        </Text>
        {result?.saved === true ? <Banner tone="success">{result.changed.length ? "Saved. The next daily run applies the new periods." : "Nothing changed."}</Banner> : null}
        {result?.saved === false ? (
          <Banner tone="warning" title="Shorter periods delete data">
            <BlockStack gap="200">
              <Text as="p">{`The next daily run will permanently delete data older than the new ${result.shortened.map((kind) => LABELS[kind].label.toLowerCase()).join(", ")} period. This cannot be undone.`}</Text>
              <InlineStack>
                <Button tone="critical" onClick={() => save(true)} loading={saving}>
                  Shorten and delete
                </Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : null}
        <FormLayout>
          {kinds.map((kind) => (
            <TextField
              key={kind}
              label={LABELS[kind].label}
              type="number"
              min={bounds[kind].min}
              max={bounds[kind].max}
              value={periods[kind]}
              onChange={(value) => setPeriods({ ...periods, [kind]: value })}
              helpText={`${LABELS[kind].help} Default ${defaults[kind]}; from ${bounds[kind].min} to ${bounds[kind].max}.`}
              autoComplete="off"
            />
          ))}
        </FormLayout>
        <InlineStack>
          <Button variant="primary" onClick={() => save(false)} loading={saving}>
            Save retention
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
