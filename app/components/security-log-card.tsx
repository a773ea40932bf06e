// The admin Home's view of the security log: an alert banner for kinds over their threshold, and the
// last days' counts per kind. Counts only: the log holds no request data to show.
import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";

interface SecurityLogView {
  alerts: { kind: string; label: string; count: number; windowMinutes: number }[];
  byDay: { dates: string[]; kinds: { kind: string; label: string; perDay: number[] }[] };
}

const windowText = (minutes: number) => (minutes >= 60 ? `${minutes / 60} hours` : `${minutes} minutes`);

export function SecurityAlertBanner({ alerts }: Pick<SecurityLogView, "alerts">) {
  if (!alerts.length) return null;
  return (
    <Banner tone="critical" title="Security alert">
      <BlockStack gap="100">
        {alerts.map((alert) => (
          <Text as="p" key={alert.kind}>{`${alert.label}: ${alert.count} in the last ${windowText(alert.windowMinutes)}.`}</Text>
        ))}
      </BlockStack>
    </Banner>
  );
}

export function SecurityLogCard({ byDay }: Pick<SecurityLogView, "byDay">) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Security events
        </Text>
        {byDay.kinds.length ? (
          <DataTable
            columnContentTypes={["text", ...byDay.dates.map(() => "numeric" as const)]}
            headings={["Event", ...byDay.dates.map((date) => date.slice(5))]}
            rows={byDay.kinds.map(({ label, perDay }) => [label, ...perDay.map(String)])}
          />
        ) : (
          <Text as="p" tone="subdued">{`No security events in the last ${byDay.dates.length} days.`}</Text>
        )}
      </BlockStack>
    </Card>
  );
}
