// npm run db:migration -- <name>
// Renders prisma/models.prisma for every provider and writes one migration per provider from the
// difference to the last rendered schema. Needs no database: the diff is schema to schema.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prisma } from "./lib/prisma-cli.mjs";
import { PROVIDERS, readModels, renderSchema, schemaPath } from "./lib/prisma-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and _)");
  process.exit(1);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const models = readModels(root);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cv-schema-"));

for (const provider of PROVIDERS) {
  const current = schemaPath(root, provider);
  const rendered = renderSchema(provider, models);
  const previous = fs.existsSync(current) ? fs.readFileSync(current, "utf8") : null;
  if (previous === rendered) {
    console.log(`${provider}: no model changes`);
    continue;
  }
  // The CLI loads the configured schema before diffing, so the new one goes in place first.
  const before = path.join(tmp, `${provider}.prisma`);
  if (previous !== null) fs.writeFileSync(before, previous);
  fs.mkdirSync(path.dirname(current), { recursive: true });
  fs.writeFileSync(current, rendered);
  const from = previous === null ? ["--from-empty"] : ["--from-schema-datamodel", before];
  let sql;
  try {
    sql = prisma(root, ["migrate", "diff", ...from, "--to-schema-datamodel", current, "--script"], {
      provider,
      capture: true,
    });
  } catch (error) {
    if (previous === null) fs.rmSync(current);
    else fs.writeFileSync(current, previous);
    throw error;
  }
  const dir = path.join(root, "prisma", provider, "migrations");
  fs.mkdirSync(path.join(dir, `${stamp}_${name}`), { recursive: true });
  fs.writeFileSync(path.join(dir, `${stamp}_${name}`, "migration.sql"), sql);
  fs.writeFileSync(
    path.join(dir, "migration_lock.toml"),
    `# Written by npm run db:migration\nprovider = "${provider}"\n`,
  );
  console.log(`${provider}: wrote migrations/${stamp}_${name}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
