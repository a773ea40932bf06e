// Runs the Prisma CLI for one provider. prisma.config.ts picks the schema and driver adapter from
// DATABASE_URL, so each call pins it (a placeholder URL for commands that never connect).
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const PLACEHOLDER_URL = {
  sqlite: `file:${path.join(os.tmpdir(), "consent-vault-placeholder.db")}`,
  // migrate diff opens a connection even though it only compares schemas; any reachable server does.
  postgresql: process.env.POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
};

/**
 * @param {string} root project directory
 * @param {string[]} args prisma CLI arguments
 * @param {{ provider: "sqlite" | "postgresql", url?: string, capture?: boolean }} options
 */
export function prisma(root, args, { provider, url, capture = false }) {
  const bin = path.join(root, "node_modules", ".bin", "prisma");
  const result = spawnSync(bin, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url ?? PLACEHOLDER_URL[provider], PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) {
    const detail = capture ? `\n${result.stderr}` : "";
    throw new Error(`prisma ${args.join(" ")} failed (${provider}, exit ${result.status})${detail}`);
  }
  return result.stdout;
}
