// Generates one Prisma client per engine into node_modules/@consent-vault/prisma-<engine>, so that
// bundlers and test runners treat them as the ordinary dependencies they are. Skipped when the
// schemas and the Prisma version are unchanged and both clients are present.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { prisma } from "./prisma-cli.mjs";
import { PROVIDERS, schemaPath } from "./prisma-schema.mjs";

/** @param {string} root @param {(message: string) => void} report */
export function generateClients(root, report) {
  const hash = createHash("sha256");
  for (const file of [...PROVIDERS.map((p) => schemaPath(root, p)), path.join(root, "node_modules", "prisma", "package.json")]) {
    hash.update(fs.readFileSync(file));
  }
  const digest = hash.digest("hex");
  const stamp = path.join(root, "node_modules", "@consent-vault", ".generated");
  const present = PROVIDERS.every((p) => fs.existsSync(path.join(root, "node_modules", "@consent-vault", `prisma-${p}`, "index.js")));
  if (present && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return;
  for (const provider of PROVIDERS) {
    report(`generating the Prisma client for ${provider}`);
    prisma(root, ["generate", "--no-hints"], { provider });
  }
  fs.writeFileSync(stamp, digest);
}
