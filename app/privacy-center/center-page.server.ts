// The privacy center's markup. Shopify renders an app proxy response with Content-Type
// application/liquid inside the shop's theme (header, footer, styles), so this is a fragment, not a
// document. Everything interpolated is escaped for HTML, and Liquid's delimiters are escaped too, so
// nothing a shopper sends can become Liquid the theme would run.
import { STOREFRONT_REQUEST_TYPES, type StorefrontRequestType } from "../privacy/storefront-requests.server";
import { centerStrings, fill, type CenterLanguage, type CenterStrings } from "./storefront-strings";

export type Notice =
  | "sent"
  | "received"
  | "linkInvalid"
  | "linkExpired"
  | "linkUsed"
  | "invalid"
  | "formExpired"
  | "limited"
  | "unavailable"
  | "downloadWrongCustomer";

export interface LatestChoice {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  saleOfData: boolean;
  recordedAt: Date;
}

export type CenterView =
  | {
      kind: "home";
      /** Null for a guest. */
      customer: { latestChoice: LatestChoice | null } | null;
      /** The form's anti-forgery token (ties a logged-in customer's POST to a page the app served). */
      formToken: string;
      mailAvailable: boolean;
      notice?: { notice: Notice; request?: StorefrontRequestType };
    }
  | { kind: "confirm"; token: string; request: StorefrontRequestType }
  /** A delivered export: the logged-in customer it is for picks a format (the link works once). */
  | { kind: "download"; token: string }
  /** A delivery link opened without being logged in: Shopify's login, then back to the link. */
  | { kind: "login"; returnTo: string }
  | { kind: "notice"; notice: Notice; request?: StorefrontRequestType };

const escape = (value: string) =>
  value.replace(/[&<>"'{}%]/g, (char) => `&#${char.charCodeAt(0)};`);

function noticeText(t: CenterStrings, notice: Notice, request?: StorefrontRequestType) {
  const text = fill(t[notice], { request: request ? t[request] : "" });
  const role = notice === "sent" || notice === "received" ? "status" : "alert";
  return `<p class="cv-pc-notice" role="${role}">${escape(text)}</p>`;
}

function requestChoices(t: CenterStrings) {
  const options = STOREFRONT_REQUEST_TYPES.map(
    (type, index) =>
      `<label class="cv-pc-choice"><input type="radio" name="type" value="${type}"${index === 0 ? " required" : ""}> ${escape(t[type])}</label>`,
  ).join("");
  return `<fieldset><legend>${escape(t.chooseRequest)}</legend>${options}</fieldset>`;
}

function consentSection(t: CenterStrings, language: CenterLanguage, customer: { latestChoice: LatestChoice | null } | null) {
  const choice = customer?.latestChoice;
  const rows = choice
    ? `<p>${escape(fill(t.consentLatest, { date: new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(choice.recordedAt) }))}</p><ul>${(
        ["analytics", "marketing", "preferences", "saleOfData"] as const
      )
        .map((purpose) => `<li>${escape(t[purpose])}: ${escape(choice[purpose] ? t.allowed : t.refused)}</li>`)
        .join("")}</ul>`
    : customer
      ? `<p>${escape(t.consentNone)}</p>`
      : "";
  // The consent banner (theme app embed) puts its reopen button on every page; this one presses it.
  const change = `<button type="button" class="button" onclick="var b=document.querySelector('.cv-reopen');if(b)b.click();">${escape(t.consentChange)}</button>`;
  return `<section aria-labelledby="cv-pc-consent"><h2 id="cv-pc-consent">${escape(t.consentHeading)}</h2>${rows}${change}</section>`;
}

export function renderCenterPage({ view, language, action }: { view: CenterView; language: CenterLanguage; action: string }): string {
  const t = centerStrings(language);
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escape(value)}">`;
  let body: string;
  if (view.kind === "notice") {
    body = noticeText(t, view.notice, view.request);
  } else if (view.kind === "download") {
    const button = (format: "json" | "csv", label: string) =>
      `<form method="post" action="${escape(action)}">${hidden("intent", "download")}${hidden("token", view.token)}${hidden("format", format)}${hidden("lang", language)}<button type="submit" class="button">${escape(label)}</button></form>`;
    body = `<h2>${escape(t.downloadHeading)}</h2><p>${escape(t.downloadBody)}</p>${button("json", t.downloadJson)}${button("csv", t.downloadCsv)}`;
  } else if (view.kind === "login") {
    body = `<p role="alert">${escape(t.downloadLogin)}</p><a class="button" href="/account/login?return_url=${escape(encodeURIComponent(view.returnTo))}">${escape(t.loginLink)}</a>`;
  } else if (view.kind === "confirm") {
    body = `<h2>${escape(t.confirmHeading)}</h2><p>${escape(fill(t.confirmBody, { request: t[view.request] }))}</p>
<form method="post" action="${escape(action)}">${hidden("intent", "confirm")}${hidden("token", view.token)}${hidden("lang", language)}<button type="submit" class="button">${escape(t.confirmButton)}</button></form>`;
  } else {
    const guestFields = view.customer
      ? ""
      : view.mailAvailable
        ? `<p>${escape(t.guestIntro)}</p><label for="cv-pc-email">${escape(t.emailLabel)}</label> <input id="cv-pc-email" type="email" name="email" autocomplete="email" required maxlength="254"><p>${escape(t.loginHint)}</p>`
        : `<p>${escape(t.unavailable)}</p>`;
    const form =
      view.customer || view.mailAvailable
        ? `<form method="post" action="${escape(action)}">${hidden("intent", "request")}${hidden("form", view.formToken)}${hidden("lang", language)}${requestChoices(t)}${guestFields}<button type="submit" class="button">${escape(t.submit)}</button></form>`
        : guestFields;
    body = `${view.notice ? noticeText(t, view.notice.notice, view.notice.request) : ""}<p>${escape(t.intro)}</p>${consentSection(t, language, view.customer)}<section aria-labelledby="cv-pc-requests"><h2 id="cv-pc-requests">${escape(t.requestsHeading)}</h2>${form}</section>`;
  }
  return `<div class="page-width cv-privacy-center" lang="${language}"><h1>${escape(t.title)}</h1>${body}</div>`;
}
