// The latest privacy health check as a dated, printable HTML file (resource route).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopDb } from "../db.server";
import { resolveLocale } from "../i18n/i18n";
import { healthReportDocument } from "../privacy-health/health-report-document.server";
import { latestHealthReport } from "../privacy-health/health-reports.server";
import { authenticate } from "../shopify.server";
import { shopTimeZone } from "../shops/time-zone.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const report = await latestHealthReport({ db: shopDb(session.shop), shop: session.shop });
  if (!report) throw new Response("No health check has run yet.", { status: 404 });
  const locale = resolveLocale(new URL(request.url).searchParams.get("locale"));
  const timeZone = await shopTimeZone({ db: shopDb(session.shop), shop: session.shop });
  const html = healthReportDocument({ report, shop: session.shop, locale, timeZone });
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="privacy-health-check-${report.checkedAt.slice(0, 10)}.html"`,
      "Cache-Control": "no-store",
    },
  });
};
