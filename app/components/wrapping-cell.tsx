// Polaris's IndexTable keeps every cell on one line (white-space: nowrap): a table of sentences then
// grows wider than its card and scrolls sideways. Content in this wraps within its column instead.
import type { ReactNode } from "react";

export function Wrapping({ children }: { children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: "6rem" }}>{children}</div>;
}
