// The admin Home's view of the security log: an alert banner for kinds over their threshold, and the
// last days' counts per kind. Counts only: the log holds no request data to show.
import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";

interface SecurityLogView {
  alerts: { kind: string; count: number; windowMinutes: number }[];
  byDay: { dates: string[]; kinds: { kind: string; perDay: number[] }[] };
}

/** "webhook.bad-signature" → the message key "security.kinds.webhookBadSignature". */
const kindKey = (kind: string) => `security.kinds.${kind.replace(/[.-](\w)/g, (_, letter: string) => letter.toUpperCase())}`;

export function SecurityAlertBanner({ alerts }: Pick<SecurityLogView, "alerts">) {
  const { t } = useAdminLanguage();
  if (!alerts.length) return null;
  return (
    <Banner tone="critical" title={t("security.alertTitle")}>
      <BlockStack gap="100">
        {alerts.map((alert) => (
          <Text as="p" key={alert.kind}>
            {t("security.alert", { label: t(kindKey(alert.kind)), count: alert.count, minutes: alert.windowMinutes })}
          </Text>
        ))}
      </BlockStack>
    </Banner>
  );
}

export function SecurityLogCard({ byDay }: Pick<SecurityLogView, "byDay">) {
  const { t } = useAdminLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("security.title")}
        </Text>
        {byDay.kinds.length ? (
          <DataTable
            columnContentTypes={["text", ...byDay.dates.map(() => "numeric" as const)]}
            headings={[t("security.event"), ...byDay.dates.map((date) => date.slice(5))]}
            rows={byDay.kinds.map(({ kind, perDay }) => [t(kindKey(kind)), ...perDay.map(String)])}
          />
        ) : (
          <Text as="p" tone="subdued">
            {t("security.none", { days: byDay.dates.length })}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
