import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { config } from "../config.server";
import { shopDb } from "../db.server";
import { frameAncestorsFor } from "../http/security-headers.server";
import { polarisTranslations } from "../i18n/polaris-translations.server";
import { resolveLocale } from "../i18n/i18n";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { relaySoon } from "../jobs/relay-soon.server";
import { queueShopDetailsIfUnknown } from "../shops/shop-details.server";
import { shopTimeZone } from "../shops/time-zone.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // Shopify opens the app with the admin's language in `locale`; the shop's time zone makes every
  // time read the same on the server and in the browser.
  const locale = resolveLocale(new URL(request.url).searchParams.get("locale"));
  const timeZone = await shopTimeZone({ db: shopDb(session.shop), shop: session.shop });
  relaySoon([await queueShopDetailsIfUnknown({ db: shopDb(session.shop), shop: session.shop })]);
  return data(
    { apiKey: config().SHOPIFY_API_KEY, locale, timeZone, polarisTranslations: polarisTranslations(locale) },
    // Only the admin of the shop this session token was signed for may frame the app.
    { headers: { "Content-Security-Policy": frameAncestorsFor(session.shop) } },
  );
};

// The admin passes `locale` only when it opens the app; navigating inside the app keeps what the
// first load chose instead of re-running this loader without it.
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

function Navigation() {
  const { t } = useAdminLanguage();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.home")}
      </Link>
      <Link to="/app/requests">{t("nav.requests")}</Link>
      <Link to="/app/customers">{t("nav.customers")}</Link>
      <Link to="/app/consent">{t("nav.consent")}</Link>
      <Link to="/app/privacy-notice">{t("nav.notice")}</Link>
      <Link to="/app/segments">{t("nav.segments")}</Link>
      <Link to="/app/data">{t("nav.data")}</Link>
      <Link to="/app/audit">{t("nav.audit")}</Link>
      <Link to="/app/privacy-guide">{t("nav.privacyGuide")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, polarisTranslations: i18n } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={i18n}>
      <Navigation />
      <main>
        <Outlet />
      </main>
    </AppProvider>
  );
}

// Shopify needs its own error and header handling to break out of the admin iframe when re-auth is due.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
