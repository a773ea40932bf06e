// The merchant's Consent page: is the storefront banner on, how to retire Shopify's own banner, how
// shoppers answer it, and the receipts that prove a consent (looked up one by one, or exported).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, List, Select, Text, TextField } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { API_VERSION } from "../api-version.server";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { ChoiceRatesByDayChart, ChoicesByRegionChart } from "../components/consent-charts";
import { DownloadButton } from "../components/download-button";
import { Facts } from "../components/facts";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { TrackersCard } from "../components/trackers-card";
import { config } from "../config.server";
import { readEmbedStatus, type EmbedState } from "../consent/embed-status.server";
import { consentIdSchema } from "../consent/receipt-payload.server";
import { lookUpConsent } from "../consent/receipt-lookup.server";
import { percent, STATS_PERIODS, type StatsPeriod } from "../consent/choice-stats";
import { consentReceiptStats } from "../consent/receipt-stats.server";
import { shopDb } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { log } from "../log.server";
import { authenticate } from "../shopify.server";
import { createAdminGraphqlClient } from "../sync/admin-graphql.server";
import { trackerOverview } from "../trackers/tracker-overview.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta = titled("nav.consent");

const DAY_MS = 24 * 3600 * 1000;
const pageQuery = z.object({ days: z.enum(STATS_PERIODS.map(String) as [string, ...string[]]).default("30") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { days } = parseQueryOrBadRequest(pageQuery, request);
  const settings = config();
  // A page load must not wait out the sync's patient retries: one retry, then "could not check".
  const client = createAdminGraphqlClient({
    shop: session.shop,
    accessToken: session.accessToken!,
    apiVersion: API_VERSION,
    baseUrl: settings.SHOPIFY_ADMIN_API_ORIGIN,
    timeoutMs: 10_000,
    maxThrottleRetries: 1,
    maxServerErrorRetries: 1,
    log,
  });
  const [embed, stats, trackers] = await Promise.all([
    readEmbedStatus({ client, apiKey: settings.SHOPIFY_API_KEY, log }),
    consentReceiptStats({ db: shopDb(session.shop), shop: session.shop, days: Number(days) as StatsPeriod }),
    trackerOverview({ db: shopDb(session.shop), shop: session.shop }),
  ]);
  return { embed, stats, trackers, today: new Date().toISOString().slice(0, 10) };
};

const lookupForm = z.object({ consentId: z.string().trim().pipe(consentIdSchema) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = lookupForm.safeParse(form);
  if (!parsed.success) {
    return data({ consentId: String(form.consentId ?? ""), error: "A consent ID is 16 to 64 letters, digits, - or _ (copy it from the shopper's cv_consent_id cookie).", receipts: [] }, { status: 400 });
  }
  const receipts = await lookUpConsent({ db: shopDb(session.shop), shop: session.shop, consentId: parsed.data.consentId, actor: staffActor(sessionToken) });
  return { consentId: parsed.data.consentId, error: null, receipts };
};

const EMBED_BADGES: Record<EmbedState, { tone: "success" | "warning" | "attention" | "critical" | undefined; label: string }> = {
  enabled: { tone: "success", label: "On" },
  disabled: { tone: "warning", label: "Off" },
  "not-added": { tone: "attention", label: "Not turned on" },
  "no-theme": { tone: "critical", label: "No live theme" },
  unknown: { tone: undefined, label: "Could not check" },
};

function embedMessage(state: EmbedState, themeName: string | null) {
  const theme = themeName ? `your live theme, ${themeName}` : "your live theme";
  switch (state) {
    case "enabled":
      return `The consent banner is on in ${theme}. Shoppers who have not chosen yet see it.`;
    case "disabled":
      return `The consent banner is switched off in ${theme}. Shoppers don't see it, and no consent is recorded.`;
    case "not-added":
      return `The consent banner isn't turned on in ${theme} yet: app embeds start switched off after installing.`;
    case "no-theme":
      return "Your store has no published theme we could check. Publish a theme, then turn the banner on in it.";
    case "unknown":
      return "We couldn't check your theme just now. Open the theme editor to see whether the Consent Vault banner is on, or reload this page.";
  }
}

const yesNo = (value: boolean) => (value ? "Yes" : "No");
const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

export default function ConsentPage() {
  const { embed, stats, trackers, today } = useLoaderData<typeof loader>();
  const { t } = useAdminLanguage();
  const lookup = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams, setSearchParams] = useSearchParams();
  const periodLoading = navigation.state === "loading" && navigation.location.pathname === "/app/consent";
  const lookingUp = navigation.state === "submitting" && navigation.formData?.has("consentId") === true;
  const [consentId, setConsentId] = useState(lookup?.consentId ?? "");
  const [from, setFrom] = useState(new Date(Date.parse(today) - 29 * DAY_MS).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const exportError = !from || !to ? "Choose both dates." : from > to ? "The first day must not be after the last day." : null;
  const { totals } = stats;
  const badge = EMBED_BADGES[embed.state];

  return (
    <AdminPage title={t("nav.consent")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Banner on your storefront
                </Text>
                <Badge tone={badge.tone}>{badge.label}</Badge>
              </InlineStack>
              <Text as="p">{embedMessage(embed.state, embed.themeName)}</Text>
              <InlineStack>
                <Button url={embed.activateUrl} target="_top" variant={embed.state === "enabled" ? "secondary" : "primary"}>
                  {embed.state === "enabled" ? "Open the theme editor" : "Turn on the banner in the theme editor"}
                </Button>
              </InlineStack>
              {embed.state !== "enabled" && (
                <Text as="p" tone="subdued">
                  The theme editor opens on App embeds with the Consent Vault banner switched on. Select Save there, then come back to this page.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <TrackersCard overview={trackers} />

        <SectionCard title="Retire Shopify&apos;s own cookie banner">
          <Text as="p">
            Shoppers should see one banner, not two. Once the Consent Vault banner is on, remove Shopify&apos;s. Your privacy regions stay as they
            are, and Shopify&apos;s pixels, checkout and Audiences keep following the choices shoppers make in the Consent Vault banner.
          </Text>
          <List type="number">
            <List.Item>Turn on the Consent Vault banner (above) and check that this page shows it as On.</List.Item>
            <List.Item>In your Shopify admin, go to Settings, then Customer privacy.</List.Item>
            <List.Item>Open Cookie banner.</List.Item>
            <List.Item>Select More actions, then Remove cookie banner, and confirm.</List.Item>
            <List.Item>Back on Customer privacy, check that Consent Vault is listed under Installed privacy apps.</List.Item>
          </List>
          <Text as="p" tone="subdued">
            Do it in this order: removing Shopify&apos;s banner first would leave shoppers with no banner at all.
          </Text>
        </SectionCard>

        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  How shoppers choose
                </Text>
                <Select
                  label="Period"
                  labelInline
                  options={STATS_PERIODS.map((days) => ({ label: `Last ${days} days`, value: String(days) }))}
                  value={String(stats.days)}
                  onChange={(value) => {
                    const next = new URLSearchParams(searchParams);
                    next.set("days", value);
                    setSearchParams(next);
                  }}
                />
              </InlineStack>
              {totals.receipts === 0 && !periodLoading ? (
                <Text as="p" tone="subdued">
                  No choices were recorded in the last {stats.days} days. Each time a shopper accepts, rejects or customizes in the banner, the choice is
                  recorded here.
                </Text>
              ) : (
                <>
                  <Facts
                    facts={[
                      { label: "Choices recorded", value: totals.receipts.toLocaleString() },
                      { label: "Accepted all", value: `${percent(totals.accepted, totals.receipts)}%` },
                      { label: "Rejected all", value: `${percent(totals.rejected, totals.receipts)}%` },
                      { label: "Customized", value: `${percent(totals.custom, totals.receipts)}%` },
                    ]}
                  />
                  <Text as="h3" variant="headingSm">
                    Share of choices per day (UTC)
                  </Text>
                  <ChoiceRatesByDayChart byDay={stats.byDay} loading={periodLoading} />
                  <Text as="h3" variant="headingSm">
                    Choices by region
                  </Text>
                  <ChoicesByRegionChart byRegion={stats.byRegion} loading={periodLoading} />
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Region", "Choices", "Accepted all", "Rejected all", "Customized"]}
                    rows={stats.byRegion.map((row) => [
                      row.region || "Unknown",
                      row.receipts.toLocaleString(),
                      `${percent(row.accepted, row.receipts)}%`,
                      `${percent(row.rejected, row.receipts)}%`,
                      `${percent(row.custom, row.receipts)}%`,
                    ])}
                  />
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <SectionCard title="Prove a consent">
          <Text as="p">
            When you need to show that a shopper agreed, ask for the consent ID the banner stored in their browser (the cv_consent_id cookie) and look it
            up. Every look-up is recorded in your audit trail.
          </Text>
          <Form method="post">
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label="Consent ID"
                  name="consentId"
                  autoComplete="off"
                  value={consentId}
                  onChange={setConsentId}
                  error={lookup?.error ?? undefined}
                />
              </div>
              <Button submit loading={lookingUp} disabled={consentId.trim() === ""}>
                Look up
              </Button>
            </InlineStack>
          </Form>
          {lookup && !lookup.error && lookup.receipts.length === 0 && (
            <Banner tone="info" title="No choices recorded for this consent ID">
              <p>Check the ID. Receipts older than your retention period have been deleted.</p>
            </Banner>
          )}
          {lookup && lookup.receipts.length > 0 && (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text", "text", "numeric", "text", "text"]}
              headings={["Recorded", "Analytics", "Marketing", "Preferences", "Sale of data", "Region", "Language", "Banner revision", "Page", "Logged in"]}
              rows={lookup.receipts.map((receipt) => [
                dateTime(receipt.recordedAt),
                yesNo(receipt.choices.analytics),
                yesNo(receipt.choices.marketing),
                yesNo(receipt.choices.preferences),
                receipt.choices.saleOfData ? "Allowed" : "Opted out",
                receipt.region || "Unknown",
                receipt.language,
                receipt.revision,
                receipt.path,
                yesNo(receipt.loggedIn),
              ])}
            />
          )}
        </SectionCard>

        <SectionCard title="Export receipts">
          <Text as="p">Download every choice recorded between two days (UTC, both included) as a CSV file. Every export is recorded in your audit trail.</Text>
          <InlineStack gap="300" blockAlign="end">
            <TextField label="First day" type="date" autoComplete="off" value={from} onChange={setFrom} max={today} />
            <TextField label="Last day" type="date" autoComplete="off" value={to} onChange={setTo} max={today} error={exportError ?? undefined} />
            {!exportError && <DownloadButton url={`/app/consent/export?from=${from}&to=${to}`} label="Download CSV" />}
          </InlineStack>
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" />;
}
