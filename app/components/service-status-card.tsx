// Settings › Status: the services the app runs on, for the merchant to quote when asking for help.
// Moved off Home: nothing here is a merchant's action, so it must not compete with what is.
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";

export function ServiceStatusCard({ services }: { services: { database: { ok: boolean }; redis: { ok: boolean } } }) {
  const { t } = useAdminLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("settings.statusTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("settings.statusHelp")}
        </Text>
        {(["database", "redis"] as const).map((key) => (
          <InlineStack key={key} align="space-between" gap="200">
            <Text as="span">{t(`settings.services.${key}`)}</Text>
            {services[key].ok ? <Badge tone="success">{t("settings.operational")}</Badge> : <Badge tone="critical">{t("settings.unavailable")}</Badge>}
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}
