import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { ActivityChart } from "../components/activity-chart";
import { AdminPage } from "../components/admin-page";
import { AdminLinkButton, SetupGuide } from "../components/setup-guide";
import { config } from "../config.server";
import { readEmbedStatus } from "../consent/embed-status.server";
import { readShopifyBanner } from "../consent/shopify-cookie-banner.server";
import { log } from "../log.server";
import { adminPageClient } from "../sync/admin-page-client.server";
import { RetireShopifyBannerButton } from "../components/retire-shopify-banner-button";
import { consentFigures, getSetupProgress } from "../shops/setup-progress.server";
import { Facts } from "../components/facts";
import { shopDb } from "../db.server";
import { staffActor } from "../audit/staff-actor.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { countStuckWork } from "../jobs/reconciliation.server";
import { retrySetAsideWork } from "../shops/background-work.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { countRequestAlerts } from "../privacy/request-list.server";
import { DUE_SOON_DAYS } from "../privacy/request-labels";
import { activityByDay } from "../shops/activity-by-day.server";
import { getShopOverview } from "../shops/overview.server";
import { authenticate } from "../shopify.server";
import { guideAcknowledgementOf } from "../staff/privacy-guide.server";
import { staffMemberOf } from "../staff/staff-member.server";
import { requestFullSync } from "../sync/staff-actions.server";
import { getSyncStatus } from "../sync/sync-state.server";
import { SyncStatusCard } from "../components/sync-status-card";
import { SecurityAlertBanner, SecurityLogCard } from "../components/security-log-card";
import { HealthCheckCard } from "../components/health-check-card";
import { PrivacyGuideReminder } from "../components/privacy-guide-reminder";
import { checkShopHealth, latestHealthReport } from "../privacy-health/health-reports.server";
import { backupSettings, shopifyAccess } from "../privacy-health/jobs.server";
import { currentSecurityAlerts, securityEventsByDay } from "../security/security-thresholds.server";
import { z } from "zod";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";

export const meta = titled("home.title");
export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffMemberOf(session.shop, sessionToken);
  const shopify = adminPageClient(session);
  const [overview, privacyRequests, sync, work, setup, consent, alerts, byDay, health, guide, activity, embed, shopifyBanner] = await Promise.all([
    getShopOverview({ db: shopDb(session.shop), shop: session.shop }),
    countRequestAlerts({ db: shopDb(session.shop), shop: session.shop }),
    getSyncStatus({ db: shopDb(session.shop), shop: session.shop }),
    countStuckWork({ db: shopDb(session.shop), shop: session.shop }),
    getSetupProgress({ db: shopDb(session.shop), shop: session.shop }),
    consentFigures({ db: shopDb(session.shop), shop: session.shop }),
    currentSecurityAlerts({ db: shopDb(session.shop), shop: session.shop }),
    securityEventsByDay({ db: shopDb(session.shop), shop: session.shop }),
    latestHealthReport({ db: shopDb(session.shop), shop: session.shop }),
    staff && guideAcknowledgementOf({ db: shopDb(session.shop), staff }),
    activityByDay({ db: shopDb(session.shop), shop: session.shop }),
    readEmbedStatus({ client: shopify, apiKey: config().SHOPIFY_API_KEY, log }),
    readShopifyBanner({ client: shopify, log }),
  ]);
  return { overview, privacyRequests, sync, work, setup: { ...setup, bannerEmbed: embed.state, shopifyBanner }, consent, bannerEmbedUrl: embed.activateUrl, security: { alerts, byDay }, health, privacyGuideDue: guide !== null && !guide.current, activity };
};

const homeAction = z.object({ intent: z.enum(["sync-now", "retry-set-aside", "health-check"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { intent } = parseOrBadRequest(homeAction, Object.fromEntries(await request.formData()));
  const actor = staffActor(sessionToken);
  if (intent === "health-check") {
    await checkShopHealth({ db: shopDb(session.shop), shop: session.shop, backups: backupSettings(), shopify: shopifyAccess(session.shop, log) });
    return { checked: true };
  }
  if (intent === "retry-set-aside") {
    const { retried } = await retrySetAsideWork({ db: shopDb(session.shop), shop: session.shop, actor });
    return { retried };
  }
  relaySoon([await requestFullSync({ db: shopDb(session.shop), shop: session.shop, actor })]);
  return { queued: true };
};

export default function Home() {
  const { overview, privacyRequests, sync, work, setup, consent, bannerEmbedUrl, security, health, privacyGuideDue, activity } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const intent = useNavigation().formData?.get("intent");
  const result = useActionData<typeof action>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (result && "queued" in result) shopify.toast.show(t("home.syncQueued"));
    if (result && "checked" in result) shopify.toast.show(t("health.checked"));
    if (result && "retried" in result && typeof result.retried === "number") shopify.toast.show(t("home.retried", { count: result.retried }));
  }, [result, shopify, t]);
  const syncNow = (label: string, primary = false) => (
    <Form method="post">
      <input type="hidden" name="intent" value="sync-now" />
      <Button submit variant={primary ? "primary" : undefined} loading={intent === "sync-now"} disabled={sync.status === "running" || sync.status === "ingesting"}>
        {label}
      </Button>
    </Form>
  );
  // A setup step's way to the app page where it is done; primary for the first step left.
  const pageButton = (url: string, label: string, primary: boolean) => (
    <Button url={url} variant={primary ? "primary" : undefined}>
      {label}
    </Button>
  );
  const needsAction = privacyRequests.failed + privacyRequests.overdue > 0;
  const requestCounts = [
    { label: t("home.open"), count: privacyRequests.open, alarming: false },
    { label: t("home.dueSoon", { days: DUE_SOON_DAYS }), count: privacyRequests.dueSoon, alarming: true },
    { label: t("home.overdue"), count: privacyRequests.overdue, alarming: true },
    { label: t("home.failed"), count: privacyRequests.failed, alarming: true },
  ];
  return (
    <AdminPage title={t("home.title")}>
      <Layout>
        {security.alerts.length > 0 && (
          <Layout.Section>
            <SecurityAlertBanner alerts={security.alerts} />
          </Layout.Section>
        )}
        {privacyGuideDue && <PrivacyGuideReminder />}
        {work.deadLettered + work.stuck > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={t("home.workStuckTitle")}>
              <BlockStack gap="200">
                {work.stuck > 0 && <Text as="p">{t("home.workStuck", { count: work.stuck })}</Text>}
                {work.deadLettered > 0 && (
                  <>
                    <Text as="p">{t("home.workSetAside", { count: work.deadLettered })}</Text>
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry-set-aside" />
                      <Button submit loading={intent === "retry-set-aside"}>
                        {t("home.retrySetAside")}
                      </Button>
                    </Form>
                  </>
                )}
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <SetupGuide
            steps={[
              {
                key: "fields",
                done: setup.fieldsChosen,
                action: (primary) => pageButton("/app/settings", t("setup.fields.action"), primary),
              },
              { key: "sync", done: setup.firstSyncDone, action: (primary) => syncNow(t("setup.sync.action"), primary) },
              {
                key: "banner",
                // On in the live theme, or, when Shopify cannot be asked, a consent choice came in lately.
                done: setup.bannerEmbed === "enabled" || setup.bannerLive,
                action: (primary) => (
                  <AdminLinkButton url={bannerEmbedUrl} primary={primary}>
                    {t("setup.banner.action")}
                  </AdminLinkButton>
                ),
              },
              {
                key: "shopifyBanner",
                done: setup.shopifyBanner === "off",
                note: setup.shopifyBanner === "unknown" ? t("setup.shopifyBanner.unknown") : undefined,
                action: (primary) => <RetireShopifyBannerButton primary={primary} />,
              },
              { key: "retention", done: setup.retentionSet, action: (primary) => pageButton("/app/settings", t("setup.retention.action"), primary) },
              { key: "staff", done: setup.revealAllowed, action: (primary) => pageButton("/app/settings/security", t("setup.staff.action"), primary) },
            ]}
          />
        </Layout.Section>
        <Layout.Section>
          <Card background={needsAction ? "bg-surface-critical" : undefined}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.requestsTitle")}
                </Text>
                <Button url="/app/requests" variant={needsAction ? "primary" : undefined}>
                  {t("home.viewRequests")}
                </Button>
              </InlineStack>
              <Facts
                size="headingLg"
                facts={requestCounts.map(({ label, count, alarming }) => ({
                  label,
                  value: format.number(count),
                  tone: alarming && count > 0 ? "critical" : undefined,
                }))}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <ActivityChart byDay={activity} />
        </Layout.Section>
        <HealthCheckCard report={health} />
        <Layout.Section>
          <SyncStatusCard sync={sync} syncNow={syncNow(t("home.syncNow"))} />
        </Layout.Section>
        <Layout.Section>
          <SecurityLogCard byDay={security.byDay} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("consent.title")}
              </Text>
              {consent.choices === 0 ? (
                <Text as="p" tone="subdued">
                  {t("consent.none")}
                </Text>
              ) : (
                <Facts
                  facts={[
                    { label: t("consent.choices"), value: format.number(consent.choices) },
                    { label: t("consent.marketing"), value: format.percent(consent.marketing / consent.choices) },
                    { label: t("consent.analytics"), value: format.percent(consent.analytics / consent.choices) },
                  ]}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Box paddingInline={{ xs: "400", sm: "0" }}>
            <Text as="p" tone="subdued">
              {overview.installedAt ? t("home.installed", { date: format.date(overview.installedAt) }) : t("home.installing")}
            </Text>
          </Box>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}
