// The customer sync at a glance: the last full sync, how recent the last customer update is, counts,
// and whether the last run failed, with the action to start a full sync.
import type { ReactNode } from "react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { Translate } from "../i18n/i18n";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { Facts } from "./facts";

const STATUS_TONES: Record<string, "success" | "info" | "critical" | "attention" | undefined> = {
  idle: "attention",
  running: "info",
  ingesting: "info",
  completed: "success",
  failed: "critical",
};

function ago(t: Translate, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t("sync.lessThanMinute");
  if (minutes < 120) return t("sync.minutes", { count: minutes });
  const hours = Math.round(minutes / 60);
  return hours < 48 ? t("sync.hours", { count: hours }) : t("sync.days", { count: Math.round(hours / 24) });
}

export interface SyncCardData {
  status: string;
  lastFullSyncAt: string | Date | null;
  webhookLagMs: number | null;
  customersStored: number;
  ordersStored: number;
  customersSynced: number;
  ordersSynced: number;
  lastError: string | null;
  errorCount: number;
}

export function SyncStatusCard({ sync, syncNow }: { sync: SyncCardData; syncNow: ReactNode }) {
  const { t, format } = useAdminLanguage();
  const facts = [
    { label: t("sync.lastFullSync"), value: sync.lastFullSyncAt ? format.dateTime(sync.lastFullSyncAt) : t("sync.never") },
    { label: t("sync.lastWebhook"), value: sync.webhookLagMs === null ? t("sync.noneYet") : t("sync.ago", { time: ago(t, sync.webhookLagMs) }) },
    { label: t("sync.customersStored"), value: format.number(sync.customersStored) },
    { label: t("sync.ordersStored"), value: format.number(sync.ordersStored) },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("sync.title")}
            </Text>
            <Badge tone={STATUS_TONES[sync.status]}>{t(`sync.status.${sync.status}`)}</Badge>
          </InlineStack>
          {syncNow}
        </InlineStack>
        <Facts facts={facts} />
        {sync.status === "ingesting" || sync.status === "running" ? (
          <Text as="p" tone="subdued">
            {t("sync.progress", { customers: sync.customersSynced, orders: sync.ordersSynced })}
          </Text>
        ) : null}
        {sync.status === "failed" ? (
          <Text as="p" tone="critical">
            {t("sync.lastError", { count: sync.errorCount })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
