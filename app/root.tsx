import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData, type MetaFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { resolveLocale, translator, type Locale } from "./i18n/i18n";

// The request id, so an error page can give the merchant something to quote to support; the
// language of pages outside the admin layout (login, error pages) from the `locale` parameter.
export const loader = ({ request }: LoaderFunctionArgs) => ({
  requestId: request.headers.get("x-request-id"),
  locale: resolveLocale(new URL(request.url).searchParams.get("locale")),
});

// A page without its own title (the error pages) still has one.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("app.name") }];

function Document({ children }: { children: ReactNode }) {
  // Inside the admin the layout knows the language for the whole session (see routes/app).
  const layout = useRouteLoaderData<{ locale: Locale }>("routes/app");
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = layout?.locale ?? root?.locale ?? "en";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function Root() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

// Every error page of the app: what happened in plain words and the id to quote, nothing from the
// server's internals (those are in the log under the same id).
export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const t = translator(root?.locale ?? "en");
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Document>
      <main style={{ fontFamily: "Inter, system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
        <h1>{t(notFound ? "errors.notFoundTitle" : "errors.failedTitle")}</h1>
        <p>{t(notFound ? "errors.notFoundBody" : "errors.failedBody")}</p>
        {root?.requestId ? (
          <p>
            {t("errors.requestId")} <code>{root.requestId}</code>
          </p>
        ) : null}
      </main>
    </Document>
  );
}
