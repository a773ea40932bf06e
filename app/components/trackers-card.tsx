// The Consent page's Trackers section: the last storefront scan (what loads before consent, flagged),
// by category and vendor, what the banner now holds, the difference from the scan before, and
// "Scan now". An alert leads when a new tracker has appeared.
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { SectionCard } from "./section-card";

/** As the loader sends it (app/trackers/tracker-overview.server.ts). */
export interface TrackersView {
  scannedAt: string;
  method: "browser" | "static";
  pages: { path: string; ms: number }[];
  trackers: {
    name: string;
    vendor: string | null;
    category: string | null;
    kinds: string[];
    sources: string[];
    apps: string[];
    loadedBeforeConsent: boolean;
    held: boolean;
    fetchedWhileHeld: boolean;
  }[];
  violations: string[];
  held: string[];
  added: string[] | null;
  removed: string[] | null;
}

type Tracker = TrackersView["trackers"][number];

function StatusBadge({ tracker }: { tracker: Tracker }) {
  const { t } = useAdminLanguage();
  if (tracker.category === "necessary") return <Badge tone="info">{t("trackers.status.necessary")}</Badge>;
  if (tracker.loadedBeforeConsent) return <Badge tone="critical">{t("trackers.status.loads")}</Badge>;
  if (tracker.held) return <Badge tone="success">{t(tracker.fetchedWhileHeld ? "trackers.status.fetchedAhead" : "trackers.status.held")}</Badge>;
  return <Badge>{t("trackers.status.notLoaded")}</Badge>;
}

function ScanNow() {
  const { t } = useAdminLanguage();
  const fetcher = useFetcher<{ queued: boolean }>();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.queued) shopify.toast.show(t("trackers.scanQueued"));
  }, [fetcher.state, fetcher.data, t]);
  return (
    <fetcher.Form method="post" action="/app/consent/scan">
      <Button submit loading={fetcher.state !== "idle"}>
        {t("trackers.scanNow")}
      </Button>
    </fetcher.Form>
  );
}

export function TrackersCard({ overview }: { overview: TrackersView | null }) {
  const { t, format } = useAdminLanguage();
  if (!overview) {
    return (
      <SectionCard title={t("trackers.title")} help={t("trackers.help")}>
        <InlineStack gap="300" blockAlign="center">
          <Text as="p">{t("trackers.none")}</Text>
          <ScanNow />
        </InlineStack>
      </SectionCard>
    );
  }
  const { trackers, violations, held, added, removed, pages } = overview;
  const averageMs = pages.reduce((sum, page) => sum + page.ms, 0) / Math.max(pages.length, 1);
  const source = (tracker: Tracker) => tracker.sources.map((s) => t(`trackers.sources.${s}`, { apps: tracker.apps.join(", ") })).join(", ");
  const parserInserted = trackers.some((tracker) => tracker.loadedBeforeConsent && tracker.held);
  const unknown = trackers.some((tracker) => tracker.category === null);
  return (
    <SectionCard title={t("trackers.title")} help={t("trackers.help")}>
      {added?.length ? (
        <Banner tone="warning" title={t("trackers.newTitle", { count: added.length })}>
          <Text as="p">{added.join(", ")}</Text>
        </Banner>
      ) : null}
      {violations.length ? (
        <Banner tone="critical" title={t("trackers.violationsTitle", { count: violations.length })}>
          <Text as="p">{t("trackers.violationsBody", { names: violations.join(", ") })}</Text>
        </Banner>
      ) : null}
      <BlockStack gap="100">
        <Text as="p">{t("trackers.lastScan", { date: format.dateTime(overview.scannedAt), pages: pages.length, seconds: (averageMs / 1000).toFixed(1) })}</Text>
        <Text as="p" tone="subdued">
          {t(`trackers.method.${overview.method}`)}
        </Text>
        <Text as="p">{t("trackers.heldSummary", { count: held.length })}</Text>
        <Text as="p" tone="subdued">
          {added === null ? t("trackers.firstScan") : removed?.length ? t("trackers.removed", { names: removed.join(", ") }) : added.length ? "" : t("trackers.unchanged")}
        </Text>
      </BlockStack>
      <DataTable
        columnContentTypes={["text", "text", "text", "text", "text"]}
        headings={[t("trackers.columns.tracker"), t("trackers.columns.vendor"), t("trackers.columns.category"), t("trackers.columns.source"), t("trackers.columns.status")]}
        rows={trackers.map((tracker) => [
          tracker.name,
          tracker.vendor ?? t("trackers.vendorUnknown"),
          t(`trackers.categories.${tracker.category ?? "unknown"}`),
          source(tracker),
          <StatusBadge key={tracker.name} tracker={tracker} />,
        ])}
      />
      {parserInserted ? (
        <Text as="p" tone="subdued">
          {t("trackers.iframeHelp")}
        </Text>
      ) : null}
      {unknown ? (
        <Text as="p" tone="subdued">
          {t("trackers.unclassifiedHelp")}
        </Text>
      ) : null}
      <InlineStack>
        <ScanNow />
      </InlineStack>
    </SectionCard>
  );
}
