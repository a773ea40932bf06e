import { describe, expect, it } from "vitest";
import { db } from "../db.server";
import { getSyncStatus, recordingLastFailure } from "./sync-state.server";

describe("recordingLastFailure", () => {
  it("given the last attempt of a sync job fails inside Prisma, then the sync card shows the one-line cause, without source code or paths", async () => {
    const shop = "sync-reason.myshopify.com";
    // A real Prisma validation error: its message quotes the call site's source before the cause.
    const work = () => db().order.deleteMany({ where: { shop, orderId: { in: [1 as unknown as string] } } });

    await expect(recordingLastFailure({ db: db(), shop, attempt: 5, maxAttempts: 5 }, work)).rejects.toThrow(/invocation/);

    const { lastError } = await getSyncStatus({ db: db(), shop });
    expect(lastError).toMatch(/^gave up after 5 attempts: .*Expected String/);
    expect(lastError).not.toMatch(/\n|\/work\/|sync-state\.server/);
  });
});
