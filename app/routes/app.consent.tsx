// The merchant's Consent page: is the storefront banner on, how to retire Shopify's own banner, how
// shoppers answer it, and the receipts that prove a consent (looked up one by one, or exported).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, List, Select, Text, TextField } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { ChoiceRatesByDayChart, ChoicesByRegionChart } from "../components/consent-charts";
import { DateField } from "../components/date-field";
import { DownloadButton } from "../components/download-button";
import { Facts } from "../components/facts";
import { RetireShopifyBannerButton } from "../components/retire-shopify-banner-button";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { TrackersCard } from "../components/trackers-card";
import { config } from "../config.server";
import { readEmbedStatus, type EmbedState } from "../consent/embed-status.server";
import { readShopifyBanner, type ShopifyBannerState } from "../consent/shopify-cookie-banner.server";
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
import { adminPageClient } from "../sync/admin-page-client.server";
import { trackerOverview } from "../trackers/tracker-overview.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta = titled("nav.consent");

const DAY_MS = 24 * 3600 * 1000;
const pageQuery = z.object({ days: z.enum(STATS_PERIODS.map(String) as [string, ...string[]]).default("30") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { days } = parseQueryOrBadRequest(pageQuery, request);
  const client = adminPageClient(session);
  const [embed, shopifyBanner, stats, trackers] = await Promise.all([
    readEmbedStatus({ client, apiKey: config().SHOPIFY_API_KEY, log }),
    readShopifyBanner({ client, log }),
    consentReceiptStats({ db: shopDb(session.shop), shop: session.shop, days: Number(days) as StatsPeriod }),
    trackerOverview({ db: shopDb(session.shop), shop: session.shop }),
  ]);
  return { embed, shopifyBanner, stats, trackers, today: new Date().toISOString().slice(0, 10) };
};

const lookupForm = z.object({ consentId: z.string().trim().pipe(consentIdSchema) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = lookupForm.safeParse(form);
  if (!parsed.success) {
    return data({ consentId: String(form.consentId ?? ""), error: "bad-id" as const, receipts: [] }, { status: 400 });
  }
  const receipts = await lookUpConsent({ db: shopDb(session.shop), shop: session.shop, consentId: parsed.data.consentId, actor: staffActor(sessionToken) });
  return { consentId: parsed.data.consentId, error: null, receipts };
};

const EMBED_TONES: Record<EmbedState, "success" | "warning" | "attention" | "critical" | undefined> = {
  enabled: "success",
  disabled: "warning",
  "not-added": "attention",
  "no-theme": "critical",
  unknown: undefined,
};

const SHOPIFY_BANNER_TONES: Record<ShopifyBannerState, "success" | "attention" | undefined> = { off: "success", on: "attention", unknown: undefined };

export default function ConsentPage() {
  const { embed, shopifyBanner, stats, trackers, today } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const lookup = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams, setSearchParams] = useSearchParams();
  const periodLoading = navigation.state === "loading" && navigation.location.pathname === "/app/consent";
  const lookingUp = navigation.state === "submitting" && navigation.formData?.has("consentId") === true;
  const [consentId, setConsentId] = useState(lookup?.consentId ?? "");
  const [from, setFrom] = useState(new Date(Date.parse(today) - 29 * DAY_MS).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const exportError = !from || !to ? t("consentPage.export.chooseBoth") : from > to ? t("consentPage.export.order") : null;
  const { totals } = stats;
  const theme = embed.themeName ? t("consentPage.banner.namedTheme", { name: embed.themeName }) : t("consentPage.banner.theme");
  const yesNo = (value: boolean) => t(value ? "consentPage.prove.yes" : "consentPage.prove.no");
  const share = (count: number, of: number) => `${percent(count, of)}%`;

  return (
    <AdminPage title={t("nav.consent")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("consentPage.banner.title")}
                </Text>
                <Badge tone={EMBED_TONES[embed.state]}>{t(`consentPage.banner.badge.${embed.state}`)}</Badge>
              </InlineStack>
              <Text as="p">{t(`consentPage.banner.message.${embed.state}`, { theme })}</Text>
              <InlineStack>
                <Button url={embed.activateUrl} target="_top" variant={embed.state === "enabled" ? "secondary" : "primary"}>
                  {t(embed.state === "enabled" ? "consentPage.banner.openEditor" : "consentPage.banner.turnOn")}
                </Button>
              </InlineStack>
              {embed.state !== "enabled" && (
                <Text as="p" tone="subdued">
                  {t("consentPage.banner.editorHelp")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <TrackersCard overview={trackers} />

        <SectionCard
          title={
            <InlineStack gap="200" blockAlign="center" as="span">
              {t("consentPage.retire.title")}
              <Badge tone={SHOPIFY_BANNER_TONES[shopifyBanner]}>{t(`consentPage.retire.badge.${shopifyBanner}`)}</Badge>
            </InlineStack>
          }
        >
          <Text as="p">{t(`consentPage.retire.state.${shopifyBanner}`)}</Text>
          {shopifyBanner === "on" && <RetireShopifyBannerButton primary={embed.state === "enabled"} />}
          {shopifyBanner === "unknown" && (
            <List type="number">
              {(["step1", "step2", "step3", "step4", "step5"] as const).map((step) => (
                <List.Item key={step}>{t(`consentPage.retire.${step}`)}</List.Item>
              ))}
            </List>
          )}
          {shopifyBanner !== "off" && (
            <Text as="p" tone="subdued">
              {t("consentPage.retire.order")}
            </Text>
          )}
        </SectionCard>

        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("consentPage.choices.title")}
                </Text>
                <Select
                  label={t("consentPage.choices.period")}
                  labelInline
                  options={STATS_PERIODS.map((days) => ({ label: t("consentPage.choices.lastDays", { days }), value: String(days) }))}
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
                  {t("consentPage.choices.none", { days: stats.days })}
                </Text>
              ) : (
                <>
                  <Facts
                    facts={[
                      { label: t("consentPage.choices.recorded"), value: format.number(totals.receipts) },
                      { label: t("consentPage.choices.acceptedAll"), value: share(totals.accepted, totals.receipts) },
                      { label: t("consentPage.choices.rejectedAll"), value: share(totals.rejected, totals.receipts) },
                      { label: t("consentPage.choices.customized"), value: share(totals.custom, totals.receipts) },
                    ]}
                  />
                  <Text as="h3" variant="headingSm">
                    {t("consentPage.choices.perDay")}
                  </Text>
                  <ChoiceRatesByDayChart byDay={stats.byDay} loading={periodLoading} />
                  <Text as="h3" variant="headingSm">
                    {t("consentPage.choices.byRegion")}
                  </Text>
                  <ChoicesByRegionChart byRegion={stats.byRegion} loading={periodLoading} />
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                    headings={(["region", "choices", "acceptedAll", "rejectedAll", "customized"] as const).map((key) => t(`consentPage.choices.${key}`))}
                    rows={stats.byRegion.map((row) => [
                      row.region || t("consentPage.choices.unknownRegion"),
                      format.number(row.receipts),
                      share(row.accepted, row.receipts),
                      share(row.rejected, row.receipts),
                      share(row.custom, row.receipts),
                    ])}
                  />
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <SectionCard title={t("consentPage.prove.title")}>
          <Text as="p">{t("consentPage.prove.help")}</Text>
          <Form method="post">
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label={t("consentPage.prove.consentId")}
                  name="consentId"
                  autoComplete="off"
                  value={consentId}
                  onChange={setConsentId}
                  error={lookup?.error ? t("consentPage.prove.badId") : undefined}
                />
              </div>
              <Button submit loading={lookingUp} disabled={consentId.trim() === ""}>
                {t("consentPage.prove.lookUp")}
              </Button>
            </InlineStack>
          </Form>
          {lookup && !lookup.error && lookup.receipts.length === 0 && (
            <Banner tone="info" title={t("consentPage.prove.noneTitle")}>
              <p>{t("consentPage.prove.noneBody")}</p>
            </Banner>
          )}
          {lookup && lookup.receipts.length > 0 && (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text", "text", "numeric", "text", "text"]}
              headings={(["recordedAt", "analytics", "marketing", "preferences", "saleOfData", "region", "language", "revision", "page", "loggedIn"] as const).map((key) =>
                t(key === "region" ? "consentPage.choices.region" : `consentPage.prove.${key}`),
              )}
              rows={lookup.receipts.map((receipt) => [
                format.dateTime(receipt.recordedAt),
                yesNo(receipt.choices.analytics),
                yesNo(receipt.choices.marketing),
                yesNo(receipt.choices.preferences),
                t(receipt.choices.saleOfData ? "consentPage.prove.allowed" : "consentPage.prove.optedOut"),
                receipt.region || t("consentPage.choices.unknownRegion"),
                receipt.language,
                receipt.revision,
                receipt.path,
                yesNo(receipt.loggedIn),
              ])}
            />
          )}
        </SectionCard>

        <SectionCard title={t("consentPage.export.title")}>
          <Text as="p">{t("consentPage.export.help")}</Text>
          <InlineStack gap="300" blockAlign="end">
            <DateField label={t("consentPage.export.firstDay")} value={from} onChange={setFrom} max={today} />
            <DateField label={t("consentPage.export.lastDay")} value={to} onChange={setTo} max={today} error={exportError ?? undefined} />
            {!exportError && <DownloadButton url={`/app/consent/export?from=${from}&to=${to}`} label={t("consentPage.export.download")} />}
          </InlineStack>
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" />;
}
