import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { Facts } from "../components/facts";
import { config } from "../config.server";
import { db } from "../db.server";
import { checkReadiness, migrationsDirFor } from "../health/readiness.server";
import { staffActor } from "../audit/staff-actor.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { queues } from "../jobs/queues.server";
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
import { SecurityAlertBanner, SecurityLogCard } from "../components/security-log-card";
import { currentSecurityAlerts, securityEventsByDay } from "../security/security-thresholds.server";
import { z } from "zod";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, privacyRequests, readiness, sync, work, alerts, byDay] = await Promise.all([
    getShopOverview({ db: db(), shop: session.shop }),
    countRequestAlerts({ db: db(), shop: session.shop }),
    checkReadiness({ db: db(), redis: queues().connection, migrationsDir: migrationsDirFor(config().database.provider) }),
    getSyncStatus({ db: db(), shop: session.shop }),
    countStuckWork({ db: db(), shop: session.shop }),
    currentSecurityAlerts({ db: db(), shop: session.shop }),
    securityEventsByDay({ db: db(), shop: session.shop }),
  ]);
  return { overview, privacyRequests, services: readiness.checks, sync, work, security: { alerts, byDay } };
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

const SERVICE_LABELS = { database: "Database", redis: "Job queue (Redis)" } as const;

export default function Home() {
  const { overview, privacyRequests, services, sync, work, security } = useLoaderData<typeof loader>();
  const intent = useNavigation().formData?.get("intent");
  const syncing = intent === "sync-now";
  const needsAction = privacyRequests.failed + privacyRequests.overdue > 0;
  const requestCounts = [
    { label: "Open", count: privacyRequests.open, alarming: false },
    { label: `Due within ${DUE_SOON_DAYS} days`, count: privacyRequests.dueSoon, alarming: true },
    { label: "Overdue", count: privacyRequests.overdue, alarming: true },
    { label: "Failed", count: privacyRequests.failed, alarming: true },
  ];
  return (
    <Page>
      <TitleBar title="Consent Vault" />
      <Layout>
        {security.alerts.length > 0 && (
          <Layout.Section>
            <SecurityAlertBanner alerts={security.alerts} />
          </Layout.Section>
        )}
        {work.deadLettered + work.stuck > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="Background work needs attention">
              <BlockStack gap="200">
                {work.stuck > 0 && (
                  <Text as="p">{`${work.stuck} background ${work.stuck === 1 ? "task has" : "tasks have"} not finished more than an hour after being queued. The app keeps retrying; if this stays, check that the worker processes and Redis are running.`}</Text>
                )}
                {work.deadLettered > 0 && (
                  <>
                    <Text as="p">{`${work.deadLettered} background ${work.deadLettered === 1 ? "task" : "tasks"} could not be started after repeated tries and ${work.deadLettered === 1 ? "was" : "were"} set aside. Retry once the cause in the logs is fixed.`}</Text>
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry-set-aside" />
                      <Button submit loading={intent === "retry-set-aside"}>
                        Retry set-aside tasks
                      </Button>
                    </Form>
                  </>
                )}
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {overview.shop}
              </Text>
              <Text as="p" tone="subdued">
                {overview.installedAt
                  ? `Installed ${new Date(overview.installedAt).toLocaleDateString()}`
                  : "Installation is being recorded"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card background={needsAction ? "bg-surface-critical" : undefined}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Privacy requests
                </Text>
                <Button url="/app/requests" variant={needsAction ? "primary" : undefined}>
                  View requests
                </Button>
              </InlineStack>
              <Facts
                size="headingLg"
                facts={requestCounts.map(({ label, count, alarming }) => ({
                  label,
                  value: String(count),
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
                <Button submit loading={syncing} disabled={sync.status === "running" || sync.status === "ingesting"}>
                  Sync now
                </Button>
              </Form>
            }
          />
        </Layout.Section>
        <Layout.Section>
          <SecurityLogCard byDay={security.byDay} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Services
              </Text>
              {(Object.keys(SERVICE_LABELS) as (keyof typeof SERVICE_LABELS)[]).map((key) => (
                <InlineStack key={key} align="space-between">
                  <Text as="span">{SERVICE_LABELS[key]}</Text>
                  {services[key].ok ? (
                    <Badge tone="success">Operational</Badge>
                  ) : (
                    <Badge tone="critical">{`Unavailable: ${services[key].error ?? "unknown"}`}</Badge>
                  )}
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
