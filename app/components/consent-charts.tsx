// Shoppers' choices as charts (Polaris Viz): rates per day and counts per region. Polaris Viz measures
// the browser window while it renders, so the charts render only in the browser; the server sends a
// skeleton in their place, and the same figures stay readable as a table next to them.
import { BarChart, LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ChoiceCounts } from "../consent/receipt-stats.server";

const KINDS = [
  { kind: "accepted", name: "Accepted all", color: "#29845a" },
  { kind: "rejected", name: "Rejected all", color: "#8e1f0b" },
  { kind: "custom", name: "Customized", color: "#005bd3" },
] as const;

/** Share of receipts in whole percent (0 of none is 0). */
export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/** True once React runs in the browser (never during the server render). */
function useInBrowser() {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  return inBrowser;
}

function ChartFrame({ loading, children }: { loading: boolean; children: React.ReactNode }) {
  const inBrowser = useInBrowser();
  if (!inBrowser || loading) return <SkeletonBodyText lines={8} />;
  return (
    <PolarisVizProvider defaultTheme="Light">
      <div style={{ height: 280 }}>{children}</div>
    </PolarisVizProvider>
  );
}

/** The share of each kind of choice per day, in percent of that day's receipts. */
export function ChoiceRatesByDayChart({ byDay, loading }: { byDay: (ChoiceCounts & { day: string })[]; loading: boolean }) {
  const data: DataSeries[] = KINDS.map(({ kind, name, color }) => ({
    name,
    color,
    data: byDay.map((day) => ({ key: day.day, value: day.receipts === 0 ? null : percent(day[kind], day.receipts) })),
  }));
  return (
    <ChartFrame loading={loading}>
      <LineChart data={data} theme="Light" isAnimated={false} yAxisOptions={{ labelFormatter: (value) => `${value ?? 0}%` }} />
    </ChartFrame>
  );
}

/** How many of each kind of choice per region, most receipts first. */
export function ChoicesByRegionChart({ byRegion, loading }: { byRegion: (ChoiceCounts & { region: string })[]; loading: boolean }) {
  const data: DataSeries[] = KINDS.map(({ kind, name, color }) => ({
    name,
    color,
    data: byRegion.map((region) => ({ key: region.region || "Unknown", value: region[kind] })),
  }));
  return (
    <ChartFrame loading={loading}>
      <BarChart data={data} theme="Light" isAnimated={false} direction="horizontal" type="stacked" />
    </ChartFrame>
  );
}
