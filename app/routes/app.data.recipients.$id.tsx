// Adding a recipient to the shop's register ("new") or changing one: name, purpose, the inventory's
// categories it receives, its country and transfer mechanism, and its data processing agreement.
// Input that does not parse answers 400, input that parses but cannot be stored 422; nothing is
// stored either way and the form says why.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, Button, ChoiceList, FormLayout, InlineStack, Layout, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { DateField } from "../components/date-field";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { countryNamesFor } from "../data-inventory/inventory-words";
import { shopDataInventory } from "../data-inventory/shop-inventory.server";
import { shopDb } from "../db.server";
import { describeIssues } from "../http/describe-issues.server";
import type { Translate } from "../i18n/i18n";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { ADEQUATE, COUNTRIES, EEA, TRANSFER_MECHANISMS, type TransferMechanism } from "../recipients/countries";
import { getRecipient, recipientFormSchema, RecipientRefusedError, saveRecipient } from "../recipients/recipient-register.server";
import { authenticate } from "../shopify.server";

export const meta = titled<{ recipient: unknown }>((loaded) => (loaded?.recipient ? "data.form.editTitle" : "data.form.addTitle"));

const NEW = "new";

/** Reads one of the shop's recipients, or answers 404 (another shop's id included). */
async function recipientOr404(shop: string, id: string) {
  try {
    return await getRecipient({ db: shopDb(shop), shop, id });
  } catch (error) {
    if (error instanceof RecipientRefusedError) throw Response.json({ error: "No such recipient in this shop's register." }, { status: 404 });
    throw error;
  }
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? NEW;
  const [recipient, inventory] = await Promise.all([id === NEW ? null : recipientOr404(session.shop, id), shopDataInventory({ db: shopDb(session.shop), shop: session.shop })]);
  return { recipient, categories: inventory.map(({ id: category, collected }) => ({ id: category, collected })), countries: countryNamesFor(COUNTRIES) };
};

/**
 * `fields`: the form's fields a 400 refused, named in the admin's language on the page; `reason` says
 * the same in English for a client reading the answer.
 */
export type RecipientFormResult = { saved: true; id: string } | { error: { code: string; reason?: string; fields?: string[] } };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = recipientFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "form")))];
    return data<RecipientFormResult>({ error: { code: "invalid", reason: describeIssues(parsed.error), fields } }, { status: 400 });
  }
  const id = params.id === NEW ? undefined : params.id;
  try {
    return { saved: true, id: await saveRecipient({ db: shopDb(session.shop), shop: session.shop, actor: staffActor(sessionToken), id, form: parsed.data }) } satisfies RecipientFormResult;
  } catch (error) {
    if (!(error instanceof RecipientRefusedError)) throw error;
    return data<RecipientFormResult>({ error: { code: error.code } }, { status: error.code === "notFound" ? 404 : 422 });
  }
};

/** The mechanism that fits a newly chosen country: none needed inside the EEA, else adequacy where the EU decided so, else SCCs. */
function mechanismFor(country: string, current: TransferMechanism): TransferMechanism {
  if (EEA.has(country)) return "eea";
  if (current !== "eea") return current;
  return ADEQUATE.has(country) ? "adequacy" : "scc";
}

// The form's field names as its labels call them.
const FIELD_LABELS: Record<string, string> = {
  name: "data.form.name",
  purpose: "data.form.purpose",
  categories: "data.form.categories",
  country: "data.form.country",
  transferMechanism: "data.form.mechanism",
  agreementSignedAt: "data.form.signed",
  agreementExpiresAt: "data.form.expires",
};

const errorText = (t: Translate, error: { code: string; fields?: string[] }) =>
  t(`data.form.errors.${error.code}`, error.fields ? { fields: error.fields.map((field) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field)).join(", ") } : {});

export default function RecipientForm() {
  const { recipient, categories, countries } = useLoaderData<typeof loader>();
  const result = useActionData<RecipientFormResult>();
  const { t, locale } = useAdminLanguage();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const [name, setName] = useState(recipient?.name ?? "");
  const [purpose, setPurpose] = useState(recipient?.purpose ?? "");
  const [chosen, setChosen] = useState<string[]>(recipient?.categories ?? []);
  const [country, setCountry] = useState(recipient?.country ?? "");
  const [mechanism, setMechanism] = useState<TransferMechanism>(recipient?.transferMechanism ?? "eea");
  const [signed, setSigned] = useState(recipient?.agreementSignedOn ?? "");
  const [expires, setExpires] = useState(recipient?.agreementExpiresOn ?? "");
  useEffect(() => {
    if (!result || !("saved" in result)) return;
    shopify.toast.show(t("data.saved"));
    navigate("/app/data");
  }, [result, shopify, t, navigate]);

  const save = () =>
    submit(
      { name, purpose, categories: chosen.join(","), country, transferMechanism: mechanism, agreementSignedAt: signed, agreementExpiresAt: expires },
      { method: "post" },
    );
  const title = t(recipient ? "data.form.editTitle" : "data.form.addTitle");
  return (
    <AdminPage title={title} breadcrumb={{ content: t("data.form.back"), url: "/app/data" }} narrowWidth>
      <Layout>
        {result && "error" in result ? (
          <Layout.Section>
            <Banner tone="critical" title={t("data.form.errorTitle")}>
              <p>{errorText(t, result.error)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <SectionCard title={t("data.form.detailsTitle")}>
          <FormLayout>
            <TextField label={t("data.form.name")} helpText={t("data.form.nameHelp")} value={name} onChange={setName} autoComplete="organization" maxLength={200} />
            <TextField label={t("data.form.purpose")} helpText={t("data.form.purposeHelp")} value={purpose} onChange={setPurpose} autoComplete="off" multiline={2} maxLength={1000} />
            <ChoiceList
              allowMultiple
              title={t("data.form.categories")}
              choices={categories.map((category) => ({
                value: category.id,
                label: t(`data.categories.${category.id}.name`),
                helpText: category.collected ? undefined : t("data.notCollected"),
              }))}
              selected={chosen}
              onChange={setChosen}
            />
          </FormLayout>
        </SectionCard>
        <SectionCard title={t("data.form.transferTitle")}>
          <FormLayout>
            <FormLayout.Group>
              <Select
                label={t("data.form.country")}
                placeholder={t("data.form.countryPlaceholder")}
                options={countries[locale]}
                value={country}
                onChange={(code) => {
                  setCountry(code);
                  setMechanism(mechanismFor(code, mechanism));
                }}
              />
              <Select
                label={t("data.form.mechanism")}
                helpText={t("data.form.mechanismHelp")}
                options={TRANSFER_MECHANISMS.map((value) => ({ value, label: t(`data.mechanisms.${value}`) }))}
                value={mechanism}
                onChange={(value) => setMechanism(value as TransferMechanism)}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <DateField label={t("data.form.signed")} helpText={t("data.form.signedHelp")} value={signed} onChange={setSigned} />
              <DateField label={t("data.form.expires")} helpText={t("data.form.expiresHelp")} value={expires} onChange={setExpires} />
            </FormLayout.Group>
          </FormLayout>
        </SectionCard>
        <Layout.Section>
          <InlineStack align="end" gap="200">
            <Button url="/app/data">{t("data.cancel")}</Button>
            <Button variant="primary" onClick={save} loading={saving}>
              {t("data.form.save")}
            </Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/data" />;
}
