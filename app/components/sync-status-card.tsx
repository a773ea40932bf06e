// The customer sync at a glance: the last full sync, how far behind the webhook stream is, counts,
// and the last error, with the action to start a full sync.
import type { ReactNode } from "react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { SyncStatus } from "../sync/sync-state.server";
import { Facts } from "./facts";

const STATUS_BADGES: Record<string, { label: string; tone?: "success" | "info" | "critical" | "attention" }> = {
  idle: { label: "Never run" },
  running: { label: "Waiting for Shopify", tone: "info" },
  ingesting: { label: "Importing", tone: "info" },
  completed: { label: "Up to date", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
};

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export function SyncStatusCard({ sync, syncNow }: { sync: SyncStatus; syncNow: ReactNode }) {
  const badge = STATUS_BADGES[sync.status] ?? { label: sync.status };
  const facts = [
    { label: "Last full sync", value: sync.lastFullSyncAt ? sync.lastFullSyncAt.toLocaleString() : "never" },
    { label: "Last webhook applied", value: sync.webhookLagMs === null ? "none yet" : `${ago(sync.webhookLagMs)} ago` },
    { label: "Customers stored", value: String(sync.customersStored) },
    { label: "Orders stored", value: String(sync.ordersStored) },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Customer sync
            </Text>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </InlineStack>
          {syncNow}
        </InlineStack>
        <Facts facts={facts} />
        {sync.status === "ingesting" || sync.status === "running" ? (
          <Text as="p" tone="subdued">{`Imported so far: ${sync.customersSynced} customers, ${sync.ordersSynced} orders`}</Text>
        ) : null}
        {sync.lastError ? (
          <Text as="p" tone="critical">{`Last error (${sync.errorCount} in total): ${sync.lastError}`}</Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
