// Install / log in outside the admin: the merchant types their shop domain and is sent to OAuth.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useState } from "react";
import { titled } from "../../i18n/meta";
import { polarisTranslations } from "../../i18n/polaris-translations.server";
import { resolveLocale } from "../../i18n/i18n";
import { useAdminLanguage } from "../../i18n/use-admin-language";
import { login } from "../../shopify.server";
import { loginErrorMessage } from "./error.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta = titled("login.title");

export const loader = async ({ request }: LoaderFunctionArgs) => ({
  errors: loginErrorMessage(await login(request)),
  polarisTranslations: polarisTranslations(resolveLocale(new URL(request.url).searchParams.get("locale"))),
});

export const action = async ({ request }: ActionFunctionArgs) => ({ errors: loginErrorMessage(await login(request)) });

export default function Auth() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useAdminLanguage();
  const [shop, setShop] = useState("");
  const { errors } = actionData ?? loaderData;
  return (
    <AppProvider i18n={loaderData.polarisTranslations}>
      <main>
        <Page narrowWidth>
          <Card>
            <Form method="post">
              <FormLayout>
                <Text variant="headingLg" as="h1">
                  {t("login.title")}
                </Text>
                <TextField
                  type="text"
                  name="shop"
                  label={t("login.shopDomain")}
                  helpText={t("login.shopDomainHelp")}
                  value={shop}
                  onChange={setShop}
                  autoComplete="on"
                  error={errors.shop ? t(errors.shop) : undefined}
                />
                <Button submit variant="primary">
                  {t("login.submit")}
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </Page>
      </main>
    </AppProvider>
  );
}
