// Downloads a file (an export, the audit log) through fetch, not a plain link: inside the admin iframe, App Bridge adds the
// session token to fetch requests, which a link navigation would not carry. A toast confirms it.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

export function DownloadButton({ url, label }: { url: string; label: string }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const shopify = useAppBridge();
  const { t } = useAdminLanguage();
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
      shopify.toast.show(t("request.downloadStarted"));
      setState("idle");
    } catch {
      shopify.toast.show(t("request.downloadFailed"), { isError: true });
      setState("failed");
    }
  };
  return (
    <Button onClick={download} loading={state === "loading"} tone={state === "failed" ? "critical" : undefined}>
      {state === "failed" ? t("request.downloadFailed") : label}
    </Button>
  );
}
