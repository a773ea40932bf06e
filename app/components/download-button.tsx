// Downloads a file (an export, the audit log) through fetch, not a plain link: inside the admin iframe, App Bridge adds the
// session token to fetch requests, which a link navigation would not carry. A toast confirms it, or says why it was
// refused when the answer carries a `message` in the admin's language.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

class DownloadRefused extends Error {
  constructor(
    status: number,
    /** The route's reason in the admin's language, when it gave one. */
    readonly reason: string | undefined,
  ) {
    super(`download answered ${status}`);
  }
}

async function refusalReason(response: Response): Promise<string | undefined> {
  const body: unknown = await response.json().catch(() => null);
  return body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : undefined;
}

export function DownloadButton({ url, label }: { url: string; label: string }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const shopify = useAppBridge();
  const { t } = useAdminLanguage();
  const download = async () => {
    setState("loading");
    try {
      const response = await fetch(url);
      if (!response.ok) throw new DownloadRefused(response.status, await refusalReason(response));
      const link = document.createElement("a");
      link.download = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "customer-export";
      link.href = URL.createObjectURL(await response.blob());
      link.click();
      URL.revokeObjectURL(link.href);
      shopify.toast.show(t("request.downloadStarted"));
      setState("idle");
    } catch (error) {
      shopify.toast.show((error instanceof DownloadRefused && error.reason) || t("request.downloadFailed"), { isError: true });
      setState("failed");
    }
  };
  return (
    <Button onClick={download} loading={state === "loading"} tone={state === "failed" ? "critical" : undefined}>
      {state === "failed" ? t("request.downloadFailed") : label}
    </Button>
  );
}
