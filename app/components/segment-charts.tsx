// The Segments page's charts: customers per RFM group and the spread of predicted 12-month value.
// Drawn like the consent charts (consent-charts.tsx): only in the browser, inert, with the same
// figures as a table for screen readers.
import { BarChart, type DataSeries } from "@shopify/polaris-viz";
import { ChartFrame, ChartTable } from "./consent-charts";

export interface BarFigure {
  key: string;
  value: number;
}

/** One series of bars, e.g. customers per segment; `seriesName` heads the screen reader table's column. */
export function CustomerBarChart({ caption, rowHeading, seriesName, figures, horizontal = false }: { caption: string; rowHeading: string; seriesName: string; figures: BarFigure[]; horizontal?: boolean }) {
  const data: DataSeries[] = [{ name: seriesName, color: "#005bd3", data: figures.map((figure) => ({ key: figure.key, value: figure.value })) }];
  return (
    <ChartFrame loading={false} table={<ChartTable caption={caption} rowHeading={rowHeading} data={data} unit="" />}>
      <BarChart data={data} theme="Light" isAnimated={false} direction={horizontal ? "horizontal" : "vertical"} showLegend={false} />
    </ChartFrame>
  );
}
