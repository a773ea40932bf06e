// Requests exactly as Shopify sends them, signed with the app secret the tests run with.
import { randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { API_KEY, API_SECRET_KEY, getHmac, getJwt, RequestType, setUpValidRequest, setUpValidSession, USER_ID } from "@shopify/shopify-api/test-helpers";
import { db } from "../../app/db.server";
import { sessionStorage } from "../../app/shopify.server";

export const APP_URL = "https://my-test-app.myshopify.io";

export function webhookRequest({
  path,
  topic,
  shop,
  body,
  webhookId = randomUUID(),
  eventId,
  hmac,
  headers: extraHeaders = {},
  omitHeaders = [],
}: {
  path: string;
  topic: string;
  shop: string;
  body: unknown;
  webhookId?: string;
  eventId?: string;
  /** Overrides the correct signature. */
  hmac?: string;
  /** Replaces or adds headers (none of them is covered by the signature). */
  headers?: Record<string, string>;
  omitHeaders?: string[];
}): Request {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": hmac ?? getHmac(raw, API_SECRET_KEY),
    ...(eventId ? { "X-Shopify-Event-Id": eventId } : {}),
    ...extraHeaders,
  };
  for (const name of omitHeaders) delete headers[name];
  return new Request(`${APP_URL}${path}`, { method: "POST", headers, body: raw });
}

/** An offline session for `shop`, stored the way OAuth / token exchange would have stored it, and the online session of Shopify's test user (the staff member every session token names by default). */
export async function installShop(
  shop: string,
  { expires, accessToken, refreshToken, refreshTokenExpires }: { expires?: Date; accessToken?: string; refreshToken?: string; refreshTokenExpires?: Date } = {},
) {
  const session = setUpValidSession({ shop, expires, ...(accessToken && { accessToken }), ...(refreshToken && { refreshToken, refreshTokenExpires }) });
  await sessionStorage.storeSession(session);
  await signInStaff(shop, { userId: String(USER_ID) });
  return session;
}

export interface StaffIdentity {
  userId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  accountOwner?: boolean;
  /** When the online token expires; a day from now, as Shopify issues them. */
  expires?: Date;
}

/**
 * The online session of a staff member who opened the app, stored the way the library stores the
 * answer of Shopify's online token exchange (`associated_user`); names default to "Staff <id>".
 */
export async function signInStaff(shop: string, { userId, firstName = "Staff", lastName = userId, email = `staff-${userId}@example.com`, accountOwner = false, expires }: StaffIdentity) {
  const session = new Session({
    id: `${shop}_${userId}`,
    shop,
    state: "",
    isOnline: true,
    // The app's granted scopes, as on the shop's offline session (setUpValidSession's).
    scope: "testScope",
    accessToken: `shpua_online_${userId}`,
    expires: expires ?? new Date(Date.now() + ONLINE_TOKEN_SECONDS * 1000),
    onlineAccessInfo: {
      expires_in: ONLINE_TOKEN_SECONDS,
      associated_user_scope: "testScope",
      associated_user: { id: Number(userId), first_name: firstName, last_name: lastName, email, email_verified: true, account_owner: accountOwner, locale: "en", collaborator: false },
    },
  });
  await sessionStorage.storeSession(session);
  return session;
}

const ONLINE_TOKEN_SECONDS = 86_399;

/** As a staff member's first visit would leave it: their online session, if the shop is installed and they have none yet. */
async function ensureOnlineSession(shop: string, userId: string) {
  const [offline, online] = await Promise.all([db().session.count({ where: { id: `offline_${shop}` } }), db().session.count({ where: { id: `${shop}_${userId}` } })]);
  if (offline > 0 && online === 0) await signInStaff(shop, { userId });
}

/**
 * An embedded admin request carrying a session token (JWT) signed with the app secret: a page load
 * (token in the URL), or with `form`, a form POST as App Bridge's fetch sends it (token as bearer).
 * `userId`: the staff member the token names (`sub`); Shopify's test user otherwise; `null` for a token
 * that names no user. In an installed shop the staff member gets an online session first, as their
 * first visit would have stored it, unless `onlineSession: false` (the app then exchanges the token).
 */
export async function adminRequest(
  path: string,
  shop: string,
  { form, userId, onlineSession = true }: { form?: Record<string, string>; userId?: string | null; onlineSession?: boolean } = {},
): Promise<Request> {
  const credentials = { store: shop.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY };
  if (onlineSession && userId !== null) await ensureOnlineSession(shop, userId ?? String(USER_ID));
  if (userId !== undefined) return staffRequest(path, shop, userId, form);
  if (form) {
    return setUpValidRequest({ type: RequestType.Bearer, ...credentials }, new Request(`${APP_URL}${path}`, { method: "POST", body: new URLSearchParams(form) }));
  }
  return setUpValidRequest({ type: RequestType.Admin, ...credentials }, new Request(`${APP_URL}${path}`));
}

/** The same requests, with a session token for a given staff member, signed the same way. */
async function staffRequest(path: string, shop: string, userId: string | null, form?: Record<string, string>): Promise<Request> {
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), API_KEY, API_SECRET_KEY, { sub: userId ?? undefined });
  if (form) return new Request(`${APP_URL}${path}`, { method: "POST", body: new URLSearchParams(form), headers: { authorization: `Bearer ${token}` } });
  const url = new URL(`${APP_URL}${path}`);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64"));
  url.searchParams.set("id_token", token);
  return new Request(url.href);
}

/** What Remix's `data(value, init)` returns: a value with the status and headers to answer it with. */
function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/**
 * Runs a Remix loader/action and answers as Remix would: a thrown Response (how Shopify's library
 * answers) is returned, and `data(value, { status })` keeps its status.
 */
export async function respond(handler: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await handler();
    if (result instanceof Response) return result;
    if (isDataWithInit(result)) return Response.json(result.data, result.init ?? undefined);
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
