import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { AdminPage } from "../components/admin-page";
import { Facts } from "../components/facts";
import { db } from "../db.server";
import { staffActor } from "../audit/staff-actor.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { countStuckWork } from "../jobs/reconciliation.server";
import { retrySetAsideWork } from "../shops/background-work.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { countRequestAlerts } from "../privacy/request-list.server";
import { DUE_SOON_DAYS } from "../privacy/request-labels";
import { getShopOverview } from "../shops/overview.server";
import { authenticate } from "../shopify.server";
import { requestFullSync } from "../sync/staff-actions.server";
import { getSyncStatus } from "../sync/sync-state.server";
import { SyncStatusCard } from "../components/sync-status-card";
import { z } from "zod";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";

export const meta = titled("home.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, privacyRequests, sync, work] = await Promise.all([
    getShopOverview({ db: db(), shop: session.shop }),
    countRequestAlerts({ db: db(), shop: session.shop }),
    getSyncStatus({ db: db(), shop: session.shop }),
    countStuckWork({ db: db(), shop: session.shop }),
  ]);
  return { overview, privacyRequests, sync, work };
};

const homeAction = z.object({ intent: z.enum(["sync-now", "retry-set-aside"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { intent } = parseOrBadRequest(homeAction, Object.fromEntries(await request.formData()));
  const actor = staffActor(sessionToken);
  if (intent === "retry-set-aside") {
    const { retried } = await retrySetAsideWork({ db: db(), shop: session.shop, actor });
    return { retried };
  }
  relaySoon([await requestFullSync({ db: db(), shop: session.shop, actor })]);
  return { queued: true };
};

export default function Home() {
  const { overview, privacyRequests, sync, work } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const intent = useNavigation().formData?.get("intent");
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
          <SyncStatusCard
            sync={sync}
            syncNow={
              <Form method="post">
                <input type="hidden" name="intent" value="sync-now" />
                <Button submit loading={intent === "sync-now"} disabled={sync.status === "running" || sync.status === "ingesting"}>
                  {t("home.syncNow")}
                </Button>
              </Form>
            }
          />
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued">
            {overview.installedAt ? t("home.installed", { date: format.date(overview.installedAt) }) : t("home.installing")}
          </Text>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}
