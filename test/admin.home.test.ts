import { describe, expect, it } from "vitest";
import { action, loader } from "../app/routes/app._index";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { db } from "../app/db.server";
import { recordInstallation } from "../app/shops/installation.server";

describe("admin home", () => {
  it("given a session token signed with the app secret, when the home loads, then it shows this shop's installation", async () => {
    const shop = "test-shop.myshopify.com";
    await installShop(shop);
    await recordInstallation({ db: db(), shop, now: new Date("2026-11-01T10:00:00Z") });

    const response = await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }));

    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.overview).toEqual({ shop, installedAt: "2026-11-01T10:00:00.000Z" });
  });

  it("given no session token, then the loader serves no data and sends the browser to log in", async () => {
    const response = await respond(async () =>
      loader({ request: new Request("https://my-test-app.myshopify.io/app?shop=test-shop.myshopify.com"), params: {}, context: {} }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/auth/login");
    expect(await response.text()).toBe("");
  });

  it("given a session token with a forged signature, then no data is served and the browser is bounced to get a fresh token", async () => {
    const shop = "test-shop.myshopify.com";
    await installShop(shop);
    const request = await adminRequest("/app", shop);
    const url = new URL(request.url);
    const [header, payload] = url.searchParams.get("id_token")!.split(".");
    url.searchParams.set("id_token", `${header}.${payload}.forgedsignature`);
    const response = await respond(() => loader({ request: new Request(url), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
  });
});

describe("admin home: background work", () => {
  it("given a task set aside after repeated relay failures, then Home reports it and staff can queue it again (audited), for their shop only", async () => {
    const shop = "stuck-work.myshopify.com";
    const other = "stuck-work-other.myshopify.com";
    await installShop(shop);
    const setAside = { queue: "maintenance", job: "sessions.purge-expired", payload: "{}", attempts: 10, deadAt: new Date(), lastError: "unexpected token" };
    await db().outboxMessage.create({ data: { id: "dead-1", shop, ...setAside } });
    await db().outboxMessage.create({ data: { id: "dead-other", shop: other, ...setAside } });

    const home = await (await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json();
    expect(home.work).toEqual({ stuck: 0, deadLettered: 1 });

    const response = await respond(async () => action({ request: await adminRequest("/app", shop, { form: { intent: "retry-set-aside" } }), params: {}, context: {} }));

    expect(await response.json()).toEqual({ retried: 1 });
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id: "dead-1" } })).toMatchObject({ deadAt: null, attempts: 0, lastError: null });
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: "dead-other" } })).deadAt).toBeInstanceOf(Date);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop, action: "jobs.set-aside.retried" } });
    expect(audit.actor).toMatch(/^staff:/);
  });
});
