// Downloads an export through fetch, not a plain link: inside the admin iframe, App Bridge adds the
// session token to fetch requests, which a link navigation would not carry.
import { Button } from "@shopify/polaris";
import { useState } from "react";

export function ExportDownloadButton({ url, label }: { url: string; label: string }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const download = async () => {
    setState("loading");
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`download answered ${response.status}`);
      const link = document.createElement("a");
      link.download = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "customer-export";
      link.href = URL.createObjectURL(await response.blob());
      link.click();
      URL.revokeObjectURL(link.href);
      setState("idle");
    } catch {
      setState("failed");
    }
  };
  return (
    <Button onClick={download} loading={state === "loading"} tone={state === "failed" ? "critical" : undefined}>
      {state === "failed" ? "Download failed, try again" : label}
    </Button>
  );
}
