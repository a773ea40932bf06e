// Which database engine a DATABASE_URL points at. Plain JavaScript so that the bootstrap can use it
// before dependencies are installed; the app, the Prisma config and the scripts all share it.
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./.data/consent-vault.db";

/** @typedef {{ provider: "sqlite" | "postgresql", url: string }} DatabaseTarget */

/**
 * @param {string | undefined} databaseUrl
 * @param {string} [cwd] directory a relative SQLite path is resolved against
 * @returns {DatabaseTarget}
 */
export function databaseTarget(databaseUrl, cwd = process.cwd()) {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    return { provider: "sqlite", url: `file:${path.resolve(cwd, file)}` };
  }
  throw new Error(
    `DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL, got "${url.split(":")[0]}:…". ` +
      `Unset it to use the embedded SQLite database (${DEFAULT_DATABASE_URL}).`,
  );
}

/** Absolute path of the SQLite file behind a target. */
export function sqliteFile(target) {
  return target.url.slice("file:".length);
}
