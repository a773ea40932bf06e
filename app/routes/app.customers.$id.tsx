// One customer: masked until a staff member allowed to reveal personal data asks for it with a
// reason (and, where MFA applies, a recent step-up). Every reveal and refusal is audited.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, DescriptionList, InlineStack, Layout, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { AdminPage } from "../components/admin-page";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { StepUpCard } from "../components/step-up-card";
import { findMaskedCustomer } from "../customers/customer-search.server";
import { revealCustomer, type RevealedCustomer } from "../customers/reveal-customer.server";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { authenticate } from "../shopify.server";
import { mayReveal } from "../staff/permissions.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { stepUpStatus } from "../staff/step-up.server";
import { vault } from "../vault/vault.server";

export const meta = titled("customer.title");

const routeParams = z.object({ id: z.string().regex(/^\d{1,20}$/) });
const revealForm = z.object({ reason: z.string().trim().min(3).max(300) });

const notFound = () => Response.json({ error: "There is no such customer in this shop." }, { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const { id } = parseOrBadRequest(routeParams, params);
  const [customer, allowed, stepUp] = await Promise.all([
    findMaskedCustomer({ db: shopDb(staff.shop), vault: vault(), shop: staff.shop, customerId: id }),
    mayReveal({ db: shopDb(staff.shop), staff }),
    stepUpStatus({ db: shopDb(staff.shop), staff }),
  ]);
  if (!customer) throw notFound();
  return { customer, mayReveal: allowed, stepUp };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const { id } = parseOrBadRequest(routeParams, params);
  const { reason } = parseOrBadRequest(revealForm, Object.fromEntries(await request.formData()));
  const result = await revealCustomer({ db: shopDb(staff.shop), vault: vault(), staff, customerId: id, reason });
  if (result.outcome === "not-found") throw notFound();
  if (result.outcome === "denied") return data({ revealed: null, denied: result.reason }, { status: 403 });
  return { revealed: result.customer, denied: null };
};

function addressLines(address: Record<string, unknown> | null): string {
  if (!address) return "—";
  const parts = ["address1", "address2", "zip", "city", "province", "country"].map((key) => address[key]).filter((part) => typeof part === "string" && part);
  return parts.join(", ") || "—";
}

function Revealed({ customer }: { customer: RevealedCustomer }) {
  const { t } = useAdminLanguage();
  return (
    <DescriptionList
      items={[
        { term: t("customer.fields.name"), description: [customer.firstName, customer.lastName].filter(Boolean).join(" ") || "—" },
        { term: t("customer.fields.email"), description: customer.email ?? "—" },
        { term: t("customer.fields.phone"), description: customer.phone ?? "—" },
        { term: t("customer.fields.address"), description: addressLines(customer.defaultAddress) },
        { term: t("customer.fields.note"), description: customer.note ?? "—" },
      ]}
    />
  );
}

export default function CustomerPage() {
  const { customer, mayReveal: allowed, stepUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, format } = useAdminLanguage();
  const [reason, setReason] = useState("");
  const revealing = useNavigation().state === "submitting";
  const blockedByMfa = stepUp.required && !stepUp.activeUntil;
  return (
    <AdminPage title={t("customer.title")} breadcrumb={{ content: t("customers.title"), url: "/app/customers" }}>
      <Layout>
        <SectionCard title={t("customer.masked")} help={t("customers.maskedHelp")}>
          <DescriptionList
            items={[
              { term: t("customer.fields.id"), description: customer.customerId },
              { term: t("customer.fields.name"), description: customer.name ?? "—" },
              { term: t("customer.fields.email"), description: customer.email ?? "—" },
              { term: t("customer.fields.phone"), description: customer.phone ?? "—" },
              { term: t("customer.fields.since"), description: format.date(customer.createdAt) },
            ]}
          />
        </SectionCard>
        {allowed ? <StepUpCard status={stepUp} /> : null}
        <SectionCard title={t("customer.revealTitle")} help={t("customer.revealHelp")}>
          {result?.revealed ? (
            <Revealed customer={result.revealed} />
          ) : !allowed ? (
            <Banner tone="info">
              <p>{t("customer.noPermission")}</p>
            </Banner>
          ) : (
            <Form method="post">
              <BlockStack gap="200">
                {result?.denied ? (
                  <Banner tone="critical">
                    <p>{t(`customer.denied.${result.denied}`)}</p>
                  </Banner>
                ) : null}
                <TextField label={t("customer.reason")} name="reason" value={reason} onChange={setReason} autoComplete="off" helpText={t("customer.reasonHelp")} />
                <InlineStack>
                  <Button submit variant="primary" disabled={blockedByMfa || reason.trim().length < 3} loading={revealing}>
                    {t("customer.reveal")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          )}
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/customers" />;
}
