// A privacy request whose attempt failed: the merchant reads a short cause (not the library's source
// dump) and, while the job waits for its next attempt, "Retrying (next try at …)" with the time the
// job's backoff sets, instead of "In progress".
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { processPrivacyRequestJob } from "../app/privacy/jobs.server";
import { receiveComplianceWebhook } from "../app/privacy/receive-request.server";
import { translator } from "../app/i18n/i18n";
import { requestStatusLabel } from "../app/privacy/request-labels";
import { loader as detailLoader } from "../app/routes/app.requests.$id";
import { loader as listLoader } from "../app/routes/app.requests._index";
import { customerRedactPayload } from "./helpers/compliance";
import { expectErrorLog } from "./helpers/error-logs";
import { runJobHandler } from "./helpers/jobs";
import { adminRequest, installShop, respond } from "./helpers/shopify";

/**
 * A redaction whose stored order ids are numbers (as an older release wrote them): the erasure's
 * Prisma query rejects them with an error that quotes the call site's source and path.
 */
async function requestThatFails(shop: string) {
  await installShop(shop);
  const outcome = await receiveComplianceWebhook({
    db: db(),
    delivery: { id: `delivery-${shop}`, shop, topic: "CUSTOMERS_REDACT" },
    payload: customerRedactPayload(shop, 31),
  });
  if (outcome.outcome !== "accepted") throw new Error(`request not accepted: ${outcome.outcome}`);
  await db().privacyRequest.update({ where: { id: outcome.requestId }, data: { orderIds: "[310001, 310002]" } });
  return outcome.requestId;
}

const run = (shop: string, requestId: string, attempt: number) =>
  runJobHandler(processPrivacyRequestJob, { shop, requestId }, { attempt, maxAttempts: processPrivacyRequestJob.options.attempts! });

describe("a privacy request between attempts", () => {
  it("given an attempt that fails inside Prisma, then lastError is the one-line cause, without source code or paths", async () => {
    const shop = "retry-reason.myshopify.com";
    const requestId = await requestThatFails(shop);

    const error = (await run(shop, requestId, 1).catch((caught: unknown) => caught)) as Error;

    expect(error.message).toMatch(/invocation/);
    const { lastError } = await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(lastError).toMatch(/Expected String/);
    expect(lastError).not.toMatch(/\n|\/work\/|erasure\.server|await /);
    expect(lastError!.length).toBeLessThanOrEqual(200);
  });

  it("given the third attempt failed, then the request is retrying with the next try at the job's backoff (4 minutes), and the list and detail say so", async () => {
    const shop = "retry-state.myshopify.com";
    const requestId = await requestThatFails(shop);
    const before = Date.now();

    await expect(run(shop, requestId, 3)).rejects.toThrow();

    const after = Date.now();
    const stored = await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(stored.status).toBe("retrying");
    // BullMQ's exponential backoff: 2^(attempt - 1) × 60 s after the failure.
    expect(stored.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 4 * 60_000);
    expect(stored.nextAttemptAt!.getTime()).toBeLessThanOrEqual(after + 4 * 60_000);

    const list = await (await respond(async () => listLoader({ request: await adminRequest("/app/requests", shop), params: {}, context: {} }))).json();
    expect(list.requests).toEqual([expect.objectContaining({ id: requestId, status: "retrying", nextAttemptAt: stored.nextAttemptAt!.toISOString() })]);
    const detail = await (await respond(async () => detailLoader({ request: await adminRequest(`/app/requests/${requestId}`, shop), params: { id: requestId }, context: {} }))).json();
    // The technical cause stays on the server; the page explains it as one of the merchant-facing codes.
    expect(detail.request).toMatchObject({ status: "retrying", nextAttemptAt: stored.nextAttemptAt!.toISOString(), failure: "unknown" });
    expect(JSON.stringify(detail)).not.toContain(stored.lastError);
    expect(requestStatusLabel(translator("en"), detail.request, (at) => at)).toBe(`Retrying (next try ${stored.nextAttemptAt!.toISOString()})`);
    expect(requestStatusLabel(translator("de"), detail.request, (at) => at)).toBe(`Neuer Versuch ${stored.nextAttemptAt!.toISOString()}`);

    // The cause fixed, the next attempt completes and the retry state goes.
    await db().privacyRequest.update({ where: { id: requestId }, data: { orderIds: "[]" } });
    await run(shop, requestId, 4);
    expect(await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "completed", nextAttemptAt: null, lastError: null });
  });

  it("given the last attempt failed, then the request is failed with no next try", async () => {
    const shop = "retry-final.myshopify.com";
    const requestId = await requestThatFails(shop);
    expectErrorLog(/privacy request failed for good/);

    await expect(run(shop, requestId, 10)).rejects.toThrow();

    expect(await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "failed", nextAttemptAt: null });
  });
});
