// Settings: which optional personal fields the customer sync stores (data minimisation; email is
// always synced), and the Status of the services the app runs on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout } from "@shopify/polaris";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { ServiceStatusCard } from "../components/service-status-card";
import { SyncedFieldsCard, type SyncedFieldsResult } from "../components/synced-fields-card";
import { config } from "../config.server";
import { db } from "../db.server";
import { checkReadiness, migrationsDirFor } from "../health/readiness.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { queues } from "../jobs/queues.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { authenticate } from "../shopify.server";
import { OPTIONAL_FIELDS, syncedFields } from "../sync/minimisation.server";
import { changeSyncedFields } from "../sync/staff-actions.server";

export const meta = titled("settings.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [fields, readiness] = await Promise.all([
    syncedFields({ db: db(), shop: session.shop }),
    checkReadiness({ db: db(), redis: queues().connection, migrationsDir: migrationsDirFor(config().database.provider) }),
  ]);
  // Whether each service is up, not its error text: that is for the operator's logs.
  return { fields, services: { database: { ok: readiness.checks.database.ok }, redis: { ok: readiness.checks.redis.ok } } };
};

const flag = z.enum(["true", "false"]).transform((value) => value === "true");
const settingsForm = z.object({ names: flag, phone: flag, address: flag, note: flag });

export const action = async ({ request }: ActionFunctionArgs): Promise<SyncedFieldsResult> => {
  const { session, sessionToken } = await authenticate.admin(request);
  const fields = parseOrBadRequest(settingsForm, Object.fromEntries(await request.formData()));
  const before = await syncedFields({ db: db(), shop: session.shop });
  // Saving what is already stored changes nothing and is not audited as a change.
  if (OPTIONAL_FIELDS.every((field) => fields[field] === before[field])) return { saved: true, changed: false, cleared: [] };
  const { turnedOff, outbox } = await changeSyncedFields({ db: db(), shop: session.shop, actor: staffActor(sessionToken), fields });
  if (outbox) relaySoon([outbox]);
  return { saved: true, changed: true, cleared: turnedOff };
};

export default function Settings() {
  const { fields, services } = useLoaderData<typeof loader>();
  const { t } = useAdminLanguage();
  return (
    <AdminPage title={t("settings.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SyncedFieldsCard saved={fields} />
            <ServiceStatusCard services={services} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}
