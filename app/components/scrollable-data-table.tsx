// Polaris's DataTable scrolls sideways on a phone, and a keyboard user must be able to scroll it too:
// its scroll container gets into the tab order (axe: scrollable-region-focusable). Polaris gives no
// prop for that, so the attribute is set on its container once it is in the page.
import { DataTable, type DataTableProps } from "@shopify/polaris";
import { useEffect, useRef } from "react";

export function ScrollableDataTable(props: DataTableProps) {
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    wrapper.current?.querySelectorAll(".Polaris-DataTable__ScrollContainer").forEach((container) => container.setAttribute("tabindex", "0"));
  });
  return (
    <div ref={wrapper}>
      <DataTable {...props} />
    </div>
  );
}
