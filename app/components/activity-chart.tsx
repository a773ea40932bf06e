// Home's one chart: consent choices and privacy requests per day over the last 30 days, as bars (a
// day's count, never a curve between days), so a change
// (a banner switched off, a wave of requests) shows at a glance. The figures are also a table for
// screen readers (ChartFrame, ChartTable).
import { BarChart, type DataSeries } from "@shopify/polaris-viz";
import { BlockStack, Card, Text } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { ChartFrame, ChartTable } from "./consent-charts";

export function ActivityChart({ byDay }: { byDay: { day: string; consentChoices: number; privacyRequests: number }[] }) {
  const { t, locale } = useAdminLanguage();
  // Numeric day keys in the admin's language ("11/3", "3.11"): month names are cut off under 30 bars.
  // A UTC day is a date without a time.
  const dayFormat = new Intl.DateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" });
  const label = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`)).replace(/\.$/, "");
  const data: DataSeries[] = [
    { name: t("home.activity.consentChoices"), color: "#005bd3", data: byDay.map((day) => ({ key: label(day.day), value: day.consentChoices })) },
    { name: t("home.activity.privacyRequests"), color: "#8e1f0b", data: byDay.map((day) => ({ key: label(day.day), value: day.privacyRequests })) },
  ];
  // Under the bars only the day of the month: under 30 bars even "1.11" is cut off at desktop width.
  // The table for screen readers keeps the full days.
  const axisLabels = new Map(byDay.map(({ day }) => [label(day), String(Number(day.slice(8)))]));
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
            <BarChart
              data={data}
              theme="Light"
              isAnimated={false}
              xAxisOptions={{ labelFormatter: (value) => axisLabels.get(String(value)) ?? String(value) }}
              yAxisOptions={{ integersOnly: true }}
            />
          </ChartFrame>
        )}
      </BlockStack>
    </Card>
  );
}
