// The storefront privacy center, forwarded by Shopify's app proxy (/apps/consent-vault/privacy →
// /proxy/privacy) and answered as Liquid, which Shopify renders inside the shop's theme. The signed
// query says which shop and which logged-in customer (if any); the form is the shopper's own claim.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { clientIp } from "../consent/client-ip.server";
import { verifyAppProxySignature } from "../consent/proxy-signature.server";
import { shopDb } from "../db.server";
import { queues } from "../jobs/queues.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { log } from "../log.server";
import { renderCenterPage, type CenterView } from "../privacy-center/center-page.server";
import { checkDeliveryLink, downloadDeliveredExport } from "../privacy-center/export-delivery.server";
import { configuredMailer } from "../privacy-center/mailer.server";
import {
  confirmationPending,
  confirmByEmail,
  confirmForm,
  downloadForm,
  formToken,
  formTokenValid,
  latestChoice,
  requestAsCustomer,
  requestByEmail,
  requestForm,
} from "../privacy-center/privacy-center.server";
import { centerLanguage, type CenterLanguage } from "../privacy-center/storefront-strings";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { backgroundApi } from "../shopify.server";

const MAX_FORM_BYTES = 2_048;

function liquid(view: CenterView, { language, action, status = 200 }: { language: CenterLanguage; action: string; status?: number }) {
  return new Response(renderCenterPage({ view, language, action }), {
    status,
    headers: { "Content-Type": "application/liquid; charset=utf-8", "Cache-Control": "no-store" },
  });
}

async function signedStorefront(request: Request) {
  const url = new URL(request.url);
  const signed = await verifyAppProxySignature({ api: backgroundApi, url });
  if (!signed.ok) {
    recordSecurityEvent({ shop: url.searchParams.get("shop"), kind: "proxy.bad-signature" });
    return null;
  }
  const pathPrefix = url.searchParams.get("path_prefix") ?? "/apps/consent-vault";
  return { ...signed, url, action: `${pathPrefix}/privacy` };
}

const badSignature = () => Response.json({ error: "the app proxy signature is missing, wrong or expired" }, { status: 400 });

async function homeView({ shop, customerId }: { shop: string; customerId: string | null }): Promise<Extract<CenterView, { kind: "home" }>> {
  return {
    kind: "home",
    customer: customerId ? { latestChoice: await latestChoice({ db: shopDb(shop), shop, customerId }) } : null,
    formToken: formToken({ shop, customerId }),
    mailAvailable: configuredMailer() !== null,
  };
}

const EXPORT_TYPES = { json: "application/json", csv: "text/csv; charset=utf-8" } as const;

function deliveryRefusal(
  outcome: "login" | "wrong_customer" | "invalid" | "expired" | "used",
  { shop, token, language, action }: { shop: string; token: string; language: CenterLanguage; action: string },
) {
  const page = (view: CenterView, status: number) => liquid(view, { language, action, status });
  switch (outcome) {
    case "login":
      return page({ kind: "login", returnTo: `${action}?download=${token}` }, 401);
    case "wrong_customer":
      return page({ kind: "notice", notice: "downloadWrongCustomer" }, 403);
    default:
      return linkRefusal(outcome, { shop, language, action });
  }
}

/** A storefront link that cannot be used: forged or from another shop (a security event), expired, or spent. */
function linkRefusal(outcome: "invalid" | "expired" | "used", { shop, language, action }: { shop: string; language: CenterLanguage; action: string }) {
  if (outcome === "invalid") recordSecurityEvent({ shop, kind: "privacy-center.bad-link" });
  const [notice, status] = ({ invalid: ["linkInvalid", 404], expired: ["linkExpired", 410], used: ["linkUsed", 410] } as const)[outcome];
  return liquid({ kind: "notice", notice }, { language, action, status });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const signed = await signedStorefront(request);
  if (!signed) return badSignature();
  const { shop, customerId, url, action } = signed;
  const language = centerLanguage(url.searchParams.get("lang"), request.headers.get("accept-language"));
  const download = url.searchParams.get("download");
  if (download !== null) {
    const check = await checkDeliveryLink({ db: shopDb(shop), shop, customerId, token: download });
    if (check.outcome === "valid") return liquid({ kind: "download", token: download }, { language, action });
    return deliveryRefusal(check.outcome, { shop, token: download, language, action });
  }
  const token = url.searchParams.get("confirm");
  if (token === null) return liquid(await homeView({ shop, customerId }), { language, action });
  const pending = await confirmationPending({ db: shopDb(shop), shop, token });
  switch (pending.outcome) {
    case "valid":
      return liquid({ kind: "confirm", token, request: pending.type }, { language, action });
    case "invalid":
      recordSecurityEvent({ shop, kind: "privacy-center.bad-link" });
      return liquid({ kind: "notice", notice: "linkInvalid" }, { language, action, status: 404 });
    case "expired":
      return liquid({ kind: "notice", notice: "linkExpired" }, { language, action, status: 410 });
    case "used":
      return liquid({ kind: "notice", notice: "linkUsed" }, { language, action, status: 410 });
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const signed = await signedStorefront(request);
  if (!signed) return badSignature();
  const { shop, customerId, action: formAction } = signed;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) return Response.json({ error: `the form is larger than ${MAX_FORM_BYTES} bytes` }, { status: 413 });
  const fields = Object.fromEntries(new URLSearchParams(await request.text()));
  const language = centerLanguage(fields.lang ?? null, request.headers.get("accept-language"));
  const page = (view: CenterView, status = 200) => liquid(view, { language, action: formAction, status });
  const home = async (notice: NonNullable<Extract<CenterView, { kind: "home" }>["notice"]>, status: number) => page({ ...(await homeView({ shop, customerId })), notice }, status);

  if (fields.intent === "download") {
    const form = downloadForm.safeParse(fields);
    if (!form.success) return home({ notice: "invalid" }, 400);
    const { token, format } = form.data;
    const file = await downloadDeliveredExport({ db: shopDb(shop), shop, customerId, token, format });
    if (file.outcome !== "file") return deliveryRefusal(file.outcome, { shop, token, language, action: formAction });
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": EXPORT_TYPES[format],
        "Content-Disposition": `attachment; filename="my-data.${format}"`,
        "Cache-Control": "no-store",
      },
    });
  }

  if (fields.intent === "confirm") {
    const form = confirmForm.safeParse(fields);
    if (!form.success) return home({ notice: "invalid" }, 400);
    const confirmed = await confirmByEmail({ db: shopDb(shop), shop, token: form.data.token });
    switch (confirmed.outcome) {
      case "received":
        relaySoon(confirmed.outbox);
        return page({ kind: "notice", notice: "received", request: confirmed.type });
      default:
        return linkRefusal(confirmed.outcome, { shop, language, action: formAction });
    }
  }

  const form = requestForm.safeParse(fields);
  if (!form.success || (!customerId && !form.data.email)) return home({ notice: "invalid" }, 400);
  const { type, email } = form.data;
  // A form the app did not serve to this visitor (another site posting into a customer's session).
  if (!formTokenValid({ shop, customerId, token: form.data.form })) return home({ notice: "formExpired" }, 403);

  const redis = queues().connection;
  const redisPrefix = config().REDIS_PREFIX;
  if (customerId) {
    const outcome = await requestAsCustomer({ db: shopDb(shop), redis, redisPrefix, log, shop, customerId, type });
    if (outcome.outcome === "limited") return home({ notice: "limited" }, 429);
    relaySoon(outcome.outbox);
    return home({ notice: "received", request: type }, 200);
  }
  const mailer = configuredMailer();
  if (!mailer) return home({ notice: "unavailable" }, 503);
  try {
    const outcome = await requestByEmail({
      db: shopDb(shop),
      redis,
      redisPrefix,
      mailer,
      shop,
      email: email!,
      type,
      ip: clientIp(request),
      language,
      confirmUrl: `https://${shop}${formAction}`,
    });
    if (outcome.outcome === "limited") {
      recordSecurityEvent({ shop, kind: "privacy-center.rate-limited" });
      return home({ notice: "limited" }, 429);
    }
    return home({ notice: outcome.outcome === "sent" ? "sent" : "invalid" }, outcome.outcome === "sent" ? 200 : 400);
  } catch (error) {
    // Redis (the limit) or the SMTP server is away: the shopper is asked to try again.
    log.warn({ err: error instanceof Error ? error.name : "unknown" }, "privacy center could not send a confirmation");
    return home({ notice: "unavailable" }, 503);
  }
};
