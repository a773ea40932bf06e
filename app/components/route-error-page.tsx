// The ErrorBoundary of admin pages: a 400/404/409 the route threw with `{ error }` is shown as a
// banner; anything else goes to Shopify's boundary (it handles re-authentication responses).
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

const TITLES: Record<number, string> = { 400: "This link is not valid", 404: "Not found", 409: "Not possible right now" };

export function RouteErrorPage({ backUrl }: { backUrl: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && TITLES[error.status]) {
    const message = (error.data as { error?: string } | null)?.error ?? error.statusText;
    return (
      <Page backAction={{ content: "Back", url: backUrl }}>
        <Banner tone="critical" title={TITLES[error.status]}>
          {message}
        </Banner>
      </Page>
    );
  }
  return boundary.error(error);
}
