import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

// The request id, so an error page can give the merchant something to quote to support.
export const loader = ({ request }: LoaderFunctionArgs) => ({ requestId: request.headers.get("x-request-id") });

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
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
  const requestId = useRouteLoaderData<typeof loader>("root")?.requestId;
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Document>
      <main style={{ fontFamily: "Inter, system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
        <h1>{notFound ? "This page does not exist" : "Something went wrong"}</h1>
        <p>{notFound ? "Check the address, or go back to the app from your Shopify admin." : "The page could not be loaded. Please try again in a moment."}</p>
        {requestId ? (
          <p>
            If it keeps happening, contact support and quote this request id: <code>{requestId}</code>
          </p>
        ) : null}
      </main>
    </Document>
  );
}
