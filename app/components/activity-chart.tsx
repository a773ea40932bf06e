// Home's one chart: consent choices and privacy requests per day over the last 30 days, so a change
// (a banner switched off, a wave of requests) shows at a glance. The figures are also a table for
// screen readers (ChartFrame, ChartTable).
import { LineChart, type DataSeries } from "@shopify/polaris-viz";
import { BlockStack, Card, Text } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { ChartFrame, ChartTable } from "./consent-charts";

export function ActivityChart({ byDay }: { byDay: { day: string; consentChoices: number; privacyRequests: number }[] }) {
  const { t, format } = useAdminLanguage();
  // Day keys in the admin's language; the UTC day is a date without a time, so it is shown as such.
  const label = (day: string) => format.date(`${day}T12:00:00Z`);
  const data: DataSeries[] = [
    { name: t("home.activity.consentChoices"), color: "#005bd3", data: byDay.map((day) => ({ key: label(day.day), value: day.consentChoices })) },
    { name: t("home.activity.privacyRequests"), color: "#8e1f0b", data: byDay.map((day) => ({ key: label(day.day), value: day.privacyRequests })) },
  ];
  const quiet = byDay.every((day) => day.consentChoices === 0 && day.privacyRequests === 0);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("home.activity.title", { days: byDay.length })}
        </Text>
        {quiet ? (
          <Text as="p" tone="subdued">
            {t("home.activity.none", { days: byDay.length })}
          </Text>
        ) : (
          <ChartFrame loading={false} table={<ChartTable caption={t("home.activity.caption")} rowHeading={t("home.activity.day")} data={data} unit="" />}>
            <LineChart data={data} theme="Light" isAnimated={false} />
          </ChartFrame>
        )}
      </BlockStack>
    </Card>
  );
}
