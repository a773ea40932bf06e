// The audit log: who did what to whose data, newest first, filtered by who, what and when, with the
// hash chain's verification and a CSV export. Staff are shown by name where the app knows it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, IndexTable, InlineStack, Select, Text, TextField, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";
import { auditFiltersOf } from "../audit/audit-filters.server";
import { auditActors, listAuditLog } from "../audit/audit-log.server";
import { verifyAuditChain } from "../audit/verify-chain.server";
import { AdminPage } from "../components/admin-page";
import { DateField } from "../components/date-field";
import { DownloadButton } from "../components/download-button";
import { RouteErrorPage } from "../components/route-error-page";
import { shopDb } from "../db.server";
import type { Translate } from "../i18n/i18n";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { authenticate } from "../shopify.server";
import { staffActorNames } from "../staff/staff-directory.server";
import { vault } from "../vault/vault.server";

export const meta = titled("audit.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { filters, page } = await auditFiltersOf({ db: shopDb(session.shop), shop: session.shop, request });
  const [log, actors, chain, names] = await Promise.all([
    listAuditLog({ db: shopDb(session.shop), shop: session.shop, filters, page }),
    auditActors({ db: shopDb(session.shop), shop: session.shop }),
    verifyAuditChain({ db: shopDb(session.shop), shop: session.shop }),
    staffActorNames({ db: shopDb(session.shop), keys: vault(), shop: session.shop }),
  ]);
  // Only the names of actors in this shop's log go to the page.
  const staffNames = Object.fromEntries(actors.flatMap((actor) => (names.has(actor) ? [[actor, names.get(actor)!]] : [])));
  return { ...log, actors, chain, staffNames };
};

/**
 * "staff:42" → their name, or "Staff member 42" when unknown; otherwise who it was (Consent Vault on its
 * own, Shopify, a shopper): the entry's action already says what. The actor filter adds the recorded
 * name (`withDetail`), so two background tasks stay two choices.
 */
function actorLabel(t: Translate, actor: string, staffNames: Record<string, string>, withDetail = false): string {
  const [kind, ...rest] = actor.split(":");
  const name = rest.join(":");
  if (kind === "staff") return staffNames[actor] ?? t("audit.actors.staff", { id: name });
  const label = kind === "job" || kind === "shopify" || kind === "storefront" ? t(`audit.actors.${kind}`) : t("audit.actors.system");
  return withDetail && name ? `${label} · ${name}` : label;
}

/** An action in the merchant's words where the app has them; one added by a newer module shows as recorded. */
function actionLabel(t: Translate, action: string): string {
  const key = `audit.actions.${action}`;
  const label = t(key);
  return label === key ? action : label;
}

export default function AuditLog() {
  const { entries, actors, chain, staffNames, page, hasNext, hasPrevious, matching } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const condensed = useBreakpoints().smDown;
  const [searchParams, setSearchParams] = useSearchParams();
  const [action, setAction] = useState(searchParams.get("action") ?? "");
  const [from, setFrom] = useState(searchParams.get("from") ?? "");
  const [to, setTo] = useState(searchParams.get("to") ?? "");
  const [actor, setActor] = useState(searchParams.get("actor") ?? "");
  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(next));
    setSearchParams(params);
  };
  const filterQuery = new URLSearchParams(
    Object.entries({ actor: searchParams.get("actor"), action: searchParams.get("action"), from: searchParams.get("from"), to: searchParams.get("to") }).filter(
      (pair): pair is [string, string] => Boolean(pair[1]),
    ),
  ).toString();
  return (
    <AdminPage title={t("audit.title")}>
      <BlockStack gap="400">
        {chain.ok ? (
          <Banner tone="success" title={t("audit.intactTitle")}>
            <p>{t("audit.intact", { count: chain.checked })}</p>
          </Banner>
        ) : (
          <Banner tone="critical" title={t("audit.brokenTitle")}>
            <p>{t("audit.broken", { seq: chain.brokenAt })}</p>
          </Banner>
        )}
        <Card>
          <Form method="get">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("audit.filters")}
              </Text>
              <FormLayout>
                <FormLayout.Group condensed>
                  <Select
                    label={t("audit.actor")}
                    name="actor"
                    options={[{ label: t("audit.anyone"), value: "" }, ...actors.map((value) => ({ label: actorLabel(t, value, staffNames, true), value }))]}
                    value={actor}
                    onChange={setActor}
                  />
                  <TextField label={t("audit.action")} name="action" value={action} onChange={setAction} helpText={t("audit.actionHelp")} autoComplete="off" />
                </FormLayout.Group>
                <FormLayout.Group condensed>
                  <DateField label={t("audit.from")} name="from" value={from} onChange={setFrom} />
                  <DateField label={t("audit.to")} name="to" value={to} onChange={setTo} />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack gap="200" align="end">
                <Button url="/app/audit">{t("audit.clear")}</Button>
                <DownloadButton url={`/app/audit/csv${filterQuery ? `?${filterQuery}` : ""}`} label={t("audit.export")} />
                <Button submit variant="primary">
                  {t("audit.apply")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card padding="0">
          {matching === 0 ? (
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t("audit.empty")}
              </Text>
            </Box>
          ) : (
            <IndexTable
              condensed={condensed}
              selectable={false}
              resourceName={{ singular: t("audit.resourceSingular"), plural: t("audit.resourcePlural") }}
              itemCount={entries.length}
              headings={[{ title: t("audit.columns.seq") }, { title: t("audit.columns.at") }, { title: t("audit.columns.actor") }, { title: t("audit.columns.action") }, { title: t("audit.columns.subject") }]}
              pagination={hasNext || hasPrevious ? { hasNext, hasPrevious, onNext: () => goToPage(page + 1), onPrevious: () => goToPage(page - 1) } : undefined}
            >
              {entries.map((entry, index) => (
                <IndexTable.Row id={String(entry.seq)} key={entry.seq} position={index}>
                  {condensed ? (
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        <Text as="span" fontWeight="semibold">
                          {actionLabel(t, entry.action)}
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">{`#${entry.seq} · ${format.dateTime(entry.at)} · ${actorLabel(t, entry.actor, staffNames)}`}</Text>
                      </BlockStack>
                    </IndexTable.Cell>
                  ) : (
                    <>
                      <IndexTable.Cell>{format.number(entry.seq)}</IndexTable.Cell>
                      <IndexTable.Cell>{format.dateTime(entry.at)}</IndexTable.Cell>
                      <IndexTable.Cell>{actorLabel(t, entry.actor, staffNames)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" breakWord>
                          {actionLabel(t, entry.action)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{entry.subject ? t("requests.customer.masked", { ref: entry.subject }) : "—"}</IndexTable.Cell>
                    </>
                  )}
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/audit" />;
}
