// The ErrorBoundary of admin pages: a 400/404/409 the route threw is explained in the merchant's
// words (the validation detail stays in the response for tools, not on the page); anything else
// goes to Shopify's boundary (it handles re-authentication responses).
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { AdminPage } from "./admin-page";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "errors.badRequestTitle", body: "errors.badRequestBody" },
  404: { title: "errors.missingTitle", body: "errors.missingBody" },
  409: { title: "errors.conflictTitle", body: "errors.conflictBody" },
};

export function RouteErrorPage({ backUrl }: { backUrl: string }) {
  const error = useRouteError();
  const { t } = useAdminLanguage();
  const message = isRouteErrorResponse(error) ? MESSAGES[error.status] : undefined;
  if (!message) return boundary.error(error);
  return (
    <AdminPage title={t(message.title)} breadcrumb={{ content: t("errors.back"), url: backUrl }}>
      <Banner tone="critical" title={t(message.title)}>
        <p>{t(message.body)}</p>
      </Banner>
    </AdminPage>
  );
}
