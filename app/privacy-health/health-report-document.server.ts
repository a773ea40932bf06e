// The downloadable health check report: one self-contained, printable HTML page in the admin's
// language and the shop's time zone, dated, to keep as evidence of the shop's regular self-audit.
import { adminFormat } from "../i18n/format";
import { escapeHtml } from "../http/escape-html.server";
import { translator, type Locale } from "../i18n/i18n";
import { healthCheckSentence } from "./health-check-words";
import { overallStatus } from "./health-checks.server";
import type { HealthReport } from "./health-reports.server";

export function healthReportDocument({ report, shop, locale, timeZone }: { report: HealthReport; shop: string; locale: Locale; timeZone: string }): string {
  const t = translator(locale);
  const format = adminFormat({ locale, timeZone });
  const title = escapeHtml(t("health.reportTitle", { shop }));
  const rows = report.checks
    .map(
      (check) =>
        `<tr><th scope="row">${escapeHtml(t(`health.checks.${check.id}.label`))}</th><td class="${check.status}">${escapeHtml(t(`health.status.${check.status}`))}</td><td>${escapeHtml(healthCheckSentence(check, t, format))}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.5rem;text-align:left;vertical-align:top}.ok{color:#0a6b2b}.attention{color:#8a5a00}.problem{color:#b00020;font-weight:600}</style>
</head>
<body>
<h1>${title}</h1>
<p>${escapeHtml(t("health.reportChecked", { date: format.dateTime(report.checkedAt) }))} (${escapeHtml(timeZone)})</p>
<p><strong>${escapeHtml(t(`health.overall.${overallStatus(report.checks)}`))}</strong></p>
<table>
${rows}
</table>
</body>
</html>
`;
}
