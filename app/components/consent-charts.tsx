// Shoppers' choices as charts (Polaris Viz): rates per day and counts per region. Polaris Viz measures
// the browser window while it renders, so the charts render only in the browser; the server sends a
// skeleton in their place. The chart is a picture: inert (out of the tab order and the accessibility
// tree, so no hover tooltips either), while the same figures are there as a table for screen readers.
// Polaris Viz's own SVG roles and focus stops do not pass axe.
import { BarChart, LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { percent, type ChoiceCounts } from "../consent/choice-stats";
import type { Translate } from "../i18n/i18n";
import { useAdminLanguage } from "../i18n/use-admin-language";

const KINDS = [
  { kind: "accepted", name: "consentPage.choices.acceptedAll", color: "#29845a" },
  { kind: "rejected", name: "consentPage.choices.rejectedAll", color: "#8e1f0b" },
  { kind: "custom", name: "consentPage.choices.customized", color: "#005bd3" },
] as const;

/** One series per kind of choice, named in the admin's language. */
function choiceSeries<Row extends ChoiceCounts>(t: Translate, rows: Row[], point: (row: Row, kind: (typeof KINDS)[number]["kind"]) => { key: string; value: number | null }): DataSeries[] {
  return KINDS.map(({ kind, name, color }) => ({ name: t(name), color, data: rows.map((row) => point(row, kind)) }));
}


/** True once React runs in the browser (never during the server render). */
function useInBrowser() {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  return inBrowser;
}

const VISUALLY_HIDDEN: React.CSSProperties = { position: "absolute", width: 1, height: 1, overflow: "hidden", clipPath: "inset(50%)", whiteSpace: "nowrap" };

/** The chart's figures for screen readers: one row per key, one column per series. */
export function ChartTable({ caption, rowHeading, data, unit }: { caption: string; rowHeading: string; data: DataSeries[]; unit: string }) {
  const keys = data[0]?.data.map((point) => String(point.key)) ?? [];
  return (
    <table style={VISUALLY_HIDDEN}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeading}</th>
          {data.map((series) => (
            <th scope="col" key={series.name}>
              {series.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map((key, index) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            {data.map((series) => (
              <td key={series.name}>{series.data[index]?.value === null ? "–" : `${series.data[index]?.value}${unit}`}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChartFrame({ loading, table, children }: { loading: boolean; table: React.ReactNode; children: React.ReactNode }) {
  const inBrowser = useInBrowser();
  if (!inBrowser || loading) return <SkeletonBodyText lines={8} />;
  return (
    <div style={{ position: "relative" }}>
      {table}
      {/* React 18 has no `inert` prop; the empty string is how the attribute is set. */}
      <div {...{ inert: "" }} style={{ height: 280 }}>
        <PolarisVizProvider defaultTheme="Light">{children}</PolarisVizProvider>
      </div>
    </div>
  );
}

/** The share of each kind of choice per day, in percent of that day's receipts. */
export function ChoiceRatesByDayChart({ byDay, loading }: { byDay: (ChoiceCounts & { day: string })[]; loading: boolean }) {
  const { t } = useAdminLanguage();
  const data = choiceSeries(t, byDay, (day, kind) => ({ key: day.day, value: day.receipts === 0 ? null : percent(day[kind], day.receipts) }));
  return (
    <ChartFrame loading={loading} table={<ChartTable caption={t("consentPage.choices.perDayCaption")} rowHeading={t("consentPage.choices.day")} data={data} unit="%" />}>
      <LineChart data={data} theme="Light" isAnimated={false} yAxisOptions={{ labelFormatter: (value) => `${value ?? 0}%` }} />
    </ChartFrame>
  );
}

/** How many of each kind of choice per region, most receipts first. */
export function ChoicesByRegionChart({ byRegion, loading }: { byRegion: (ChoiceCounts & { region: string })[]; loading: boolean }) {
  const { t } = useAdminLanguage();
  const data = choiceSeries(t, byRegion, (region, kind) => ({ key: region.region || t("consentPage.choices.unknownRegion"), value: region[kind] }));
  return (
    <ChartFrame loading={loading} table={<ChartTable caption={t("consentPage.choices.byRegion")} rowHeading={t("consentPage.choices.region")} data={data} unit="" />}>
      <BarChart data={data} theme="Light" isAnimated={false} direction="horizontal" type="stacked" />
    </ChartFrame>
  );
}
