// Seals Shopify access and refresh tokens still stored in plaintext (rows from before the tokens were
// encrypted). Run by `npm run setup` after migrating; the worker runs the same at start. Idempotent.
import "./lib/load-env.mjs";
import { db } from "../app/db.server";
import { encryptPlaintextSessions } from "../app/sessions/encrypted-session-storage.server";
import { vault } from "../app/vault/vault.server";

const sealed = await encryptPlaintextSessions({ db: db(), keys: vault() });
if (sealed) console.log(`[setup] encrypted the tokens of ${sealed} stored sessions`);
await db().$disconnect();
