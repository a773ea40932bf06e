// Settings: which optional personal fields the customer sync stores (data minimisation; email is always
// synced), and how long the shop keeps each kind of data (retention).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, Layout, Page, Text } from "@shopify/polaris";
import { RetentionCard } from "../components/retention-card";
import { useState } from "react";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { db } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { defaultRetentionPeriods, getRetentionPeriods, RETENTION_BOUNDS, retentionPeriodsSchema, saveRetentionPeriods } from "../retention/retention-periods.server";
import { authenticate } from "../shopify.server";
import { syncedFields, type OptionalField, type SyncedFields } from "../sync/minimisation.server";
import { changeSyncedFields } from "../sync/staff-actions.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [fields, periods] = await Promise.all([syncedFields({ db: db(), shop: session.shop }), getRetentionPeriods({ db: db(), shop: session.shop })]);
  return { fields, retention: { periods, defaults: defaultRetentionPeriods(), bounds: RETENTION_BOUNDS } };
};

const flag = z.enum(["true", "false"]).transform((value) => value === "true");
const settingsForm = z.object({ names: flag, phone: flag, address: flag, note: flag });
const retentionForm = retentionPeriodsSchema.extend({ confirmShortening: flag.default(false) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "retention") {
    const { confirmShortening, ...periods } = parseOrBadRequest(retentionForm, form);
    const retention = await saveRetentionPeriods({ db: db(), shop: session.shop, actor: staffActor(sessionToken), periods, confirmedShortening: confirmShortening });
    return { retention };
  }
  const fields = parseOrBadRequest(settingsForm, form);
  const { turnedOff, outbox } = await changeSyncedFields({ db: db(), shop: session.shop, actor: staffActor(sessionToken), fields });
  if (outbox) relaySoon([outbox]);
  return { saved: true, cleared: turnedOff };
};

const FIELD_LABELS: Record<OptionalField, { label: string; helpText: string }> = {
  names: { label: "First and last name", helpText: "Used to personalise messages." },
  phone: { label: "Phone number", helpText: "Used for SMS consent and to find a customer by phone in privacy requests." },
  address: { label: "Default address", helpText: "No feature uses it yet." },
  note: { label: "Customer note", helpText: "Free text written by staff; no feature uses it." },
};

export default function SyncSettings() {
  const { fields: saved, retention } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const cleared = result && "cleared" in result ? result.cleared : undefined;
  const [fields, setFields] = useState<SyncedFields>(saved);
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const save = () => submit({ intent: "sync-fields", ...Object.fromEntries(Object.entries(fields).map(([field, on]) => [field, String(on)])) }, { method: "post" });
  return (
    <Page>
      <TitleBar title="Settings" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Customer data to sync
              </Text>
              <Text as="p" tone="subdued">
                Email is always synced: privacy requests that name no customer id find the person by it. Turning a field off also
                deletes it from customers already synced.
              </Text>
              {cleared ? (
                <Banner tone="success">
                  {cleared.length ? `Saved. Removing ${cleared.join(", ")} from synced customers.` : "Saved."}
                </Banner>
              ) : null}
              {(Object.keys(FIELD_LABELS) as OptionalField[]).map((field) => (
                <Checkbox
                  key={field}
                  label={FIELD_LABELS[field].label}
                  helpText={FIELD_LABELS[field].helpText}
                  checked={fields[field]}
                  onChange={(on) => setFields({ ...fields, [field]: on })}
                />
              ))}
              <Button variant="primary" onClick={save} loading={saving}>
                Save
              </Button>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <RetentionCard {...retention} result={result && "retention" in result ? (result.retention ?? null) : null} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
