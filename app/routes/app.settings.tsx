// Settings: which optional personal fields the customer sync stores (data minimisation; email is
// always synced), how long the shop keeps each kind of data (retention, changed only after a step-up
// where MFA applies), the way to staff access and MFA, and the Status of the services the app runs on.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { RetentionCard } from "../components/retention-card";
import { ServiceStatusCard } from "../components/service-status-card";
import { StepUpCard } from "../components/step-up-card";
import { SyncedFieldsCard, type SyncedFieldsResult } from "../components/synced-fields-card";
import { config } from "../config.server";
// The readiness check reads only the migrations table, which the app role may not.
// eslint-disable-next-line no-restricted-imports
import { db, shopDb } from "../db.server";
import { checkReadiness, migrationsDirFor } from "../health/readiness.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { queues } from "../jobs/queues.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { defaultRetentionPeriods, getRetentionPeriods, RETENTION_BOUNDS, retentionPeriodsSchema, saveRetentionPeriods } from "../retention/retention-periods.server";
import { authenticate } from "../shopify.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { passStepUpGate, stepUpStatus } from "../staff/step-up.server";
import { OPTIONAL_FIELDS, syncedFields } from "../sync/minimisation.server";
import { changeSyncedFields } from "../sync/staff-actions.server";

export const meta = titled("settings.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const [fields, periods, readiness, stepUp] = await Promise.all([
    syncedFields({ db: shopDb(session.shop), shop: session.shop }),
    getRetentionPeriods({ db: shopDb(session.shop), shop: session.shop }),
    checkReadiness({ db: db(), redis: queues().connection, migrationsDir: migrationsDirFor(config().database.provider) }),
    stepUpStatus({ db: shopDb(staff.shop), staff }),
  ]);
  return {
    fields,
    stepUp,
    retention: { periods, defaults: defaultRetentionPeriods(), bounds: RETENTION_BOUNDS },
    // Whether each service is up, not its error text: that is for the operator's logs.
    services: { database: { ok: readiness.checks.database.ok }, redis: { ok: readiness.checks.redis.ok } },
  };
};

const flag = z.enum(["true", "false"]).transform((value) => value === "true");
const settingsForm = z.object({ names: flag, phone: flag, address: flag, note: flag });
const retentionForm = retentionPeriodsSchema.extend({ confirmShortening: flag.default(false) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "retention") {
    const { confirmShortening, ...periods } = parseOrBadRequest(retentionForm, form);
    const gate = await passStepUpGate({ db: shopDb(session.shop), staff: requireStaffMember(session.shop, sessionToken), operation: "retention.change" });
    if (!gate.allowed) return data({ stepUpDenied: gate.reason }, { status: 403 });
    const retention = await saveRetentionPeriods({ db: shopDb(session.shop), shop: session.shop, actor: staffActor(sessionToken), periods, confirmedShortening: confirmShortening });
    return { retention };
  }
  const fields = parseOrBadRequest(settingsForm, form);
  const before = await syncedFields({ db: shopDb(session.shop), shop: session.shop });
  // Saving what is already stored changes nothing and is not audited as a change.
  if (OPTIONAL_FIELDS.every((field) => fields[field] === before[field])) return { saved: true, changed: false, cleared: [] } satisfies SyncedFieldsResult;
  const { turnedOff, outbox } = await changeSyncedFields({ db: shopDb(session.shop), shop: session.shop, actor: staffActor(sessionToken), fields });
  if (outbox) relaySoon([outbox]);
  return { saved: true, changed: true, cleared: turnedOff } satisfies SyncedFieldsResult;
};

export default function Settings() {
  const { fields, retention, services, stepUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useAdminLanguage();
  return (
    <AdminPage title={t("settings.title")}>
      <Layout>
        <StepUpCard status={stepUp} />
        <Layout.Section>
          <BlockStack gap="400">
            <SyncedFieldsCard saved={fields} />
            {result && "stepUpDenied" in result ? (
              <Banner tone="critical">
                <p>{t(`customer.denied.${result.stepUpDenied}`)}</p>
              </Banner>
            ) : null}
            <RetentionCard {...retention} result={result && "retention" in result ? (result.retention ?? null) : null} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("staffSecurity.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("staffSecurity.linkHelp")}
                </Text>
                <InlineStack>
                  <Button url="/app/settings/security">{t("staffSecurity.open")}</Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <ServiceStatusCard services={services} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}
