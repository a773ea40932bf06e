import { it } from "vitest";
import { loader } from "../app/routes/app";
import { adminRequest, respond } from "./helpers/shopify";

it("probe", async () => {
  try {
    const r = await respond(async () => loader({ request: await adminRequest("/app", "no-session.myshopify.com"), params: {}, context: {} }));
    console.log("STATUS", r.status, [...r.headers.entries()], (await r.text()).slice(0, 300));
  } catch (e) { console.log("THROWN", e); }
});
