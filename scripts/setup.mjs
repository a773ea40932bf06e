// Bootstrap, idempotent and quick when nothing changed: install dependencies, write a development
// .env, generate the Prisma clients, migrate the configured database.
// Plain JavaScript on purpose: it runs before dependencies (and the project's Node 22) exist.
//   node scripts/setup.mjs              everything
//   node scripts/setup.mjs --no-migrate skip migrating the configured database (the test suite
//                                       creates and migrates throw-away databases of its own)
import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseTarget, sqliteFile } from "./lib/database-target.mjs";
import { PROVIDERS, readModels, renderSchema, schemaPath } from "./lib/prisma-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrate = !process.argv.includes("--no-migrate");

function step(message) {
  console.log(`[setup] ${message}`);
}

function fail(message) {
  console.error(`[setup] ${message}`);
  process.exit(1);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
}

function digest(...files) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(fs.existsSync(file) ? fs.readFileSync(file) : `missing:${file}`);
  return hash.digest("hex");
}

function stampMatches(stampFile, value) {
  return fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === value;
}

// 1. Dependencies, reinstalled only when package.json or the lockfile changed.
const installStamp = path.join(root, "node_modules", ".consent-vault-install");
const installDigest = digest(path.join(root, "package.json"), path.join(root, "package-lock.json"));
if (!stampMatches(installStamp, installDigest)) {
  step("installing dependencies");
  run("npm", ["install", "--no-audit", "--no-fund"]);
  fs.writeFileSync(installStamp, installDigest);
}

// 2. A development .env on first run. Values already in the environment win over it.
const envFile = path.join(root, ".env");
if (!fs.existsSync(envFile)) {
  step("writing .env with development defaults (a new random vault master key)");
  const example = fs.readFileSync(path.join(root, ".env.example"), "utf8");
  const developmentEnv = example
    .replace(/^VAULT_MASTER_KEY=.*$/m, `VAULT_MASTER_KEY=${randomBytes(32).toString("base64")}`)
    .replace(/^SHOPIFY_API_SECRET=.*$/m, `SHOPIFY_API_SECRET=${randomBytes(16).toString("hex")}`);
  fs.writeFileSync(envFile, developmentEnv, { mode: 0o600 });
}
const { default: dotenv } = await import("dotenv");
dotenv.config({ path: envFile, quiet: true });

// 3. The rendered schemas must match the models: they are what the migrations were made from.
for (const provider of PROVIDERS) {
  const rendered = renderSchema(provider, readModels(root));
  const current = fs.existsSync(schemaPath(root, provider)) ? fs.readFileSync(schemaPath(root, provider), "utf8") : "";
  if (rendered !== current) {
    fail(`prisma/models.prisma has changes without a migration: run npm run db:migration -- <name>`);
  }
}

// 4. Prisma clients, regenerated only when a schema or the Prisma version changed.
const { prisma } = await import("./lib/prisma-cli.mjs");
// Generated into node_modules/@consent-vault/ so that bundlers and test runners treat the clients as
// the ordinary dependencies they are; an npm install may prune them, hence the existence check.
const generatedDirs = PROVIDERS.map((provider) => path.join(root, "node_modules", "@consent-vault", `prisma-${provider}`));
const generateStamp = path.join(root, "node_modules", "@consent-vault", ".generated");
const generateDigest = digest(
  ...PROVIDERS.map((provider) => schemaPath(root, provider)),
  path.join(root, "node_modules", "prisma", "package.json"),
);
if (!stampMatches(generateStamp, generateDigest) || !generatedDirs.every((dir) => fs.existsSync(dir))) {
  for (const provider of PROVIDERS) {
    step(`generating the Prisma client for ${provider}`);
    prisma(root, ["generate", "--no-hints"], { provider });
  }
  fs.writeFileSync(generateStamp, generateDigest);
}

// 5. Migrations for the configured database.
if (migrate) {
  const target = databaseTarget(process.env.DATABASE_URL, root);
  if (target.provider === "sqlite") fs.mkdirSync(path.dirname(sqliteFile(target)), { recursive: true });
  step(`migrating the ${target.provider} database`);
  prisma(root, ["migrate", "deploy"], { provider: target.provider, url: target.url });
}
step("ready");
