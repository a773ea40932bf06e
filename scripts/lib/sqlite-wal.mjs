// Puts a SQLite database in WAL mode (a persistent property of the file): the web process and the
// worker then read while the other writes. Done once, when the database is migrated.
/** @param {string} url a file: URL */
export async function enableWal(url) {
  const { createClient } = await import("@libsql/client");
  const client = createClient({ url });
  try {
    await client.execute("PRAGMA journal_mode = WAL");
  } finally {
    client.close();
  }
}
