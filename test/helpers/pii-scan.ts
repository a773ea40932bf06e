// Looks for personal data where it must never be: the database at rest (the SQLite file's bytes, or
// every row of every PostgreSQL table), every Redis key of this test file, captured log output.
import fs from "node:fs";
import { Writable } from "node:stream";
import { createRedis, scanKeys } from "../../app/jobs/redis.server";
import pg from "pg";
import { config } from "../../app/config.server";
import { createLogger } from "../../app/log.server";
import { sqliteFile } from "../../app/database-target.server.mjs";

function found(haystack: string, needles: string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles.filter((needle) => lower.includes(needle.toLowerCase()));
}

export async function databaseMentions(needles: string[]): Promise<string[]> {
  const target = config().database;
  if (target.provider === "sqlite") {
    const file = sqliteFile(target);
    const bytes = [file, `${file}-wal`, `${file}-journal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString("latin1"));
    return found(bytes.join("\n"), needles);
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    let dump = "";
    for (const { tablename } of tables) {
      const { rows } = await client.query(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
      dump += rows.map((row: { row: string }) => row.row).join("\n");
    }
    return found(dump, needles);
  } finally {
    await client.end();
  }
}

export async function redisMentions(needles: string[]): Promise<string[]> {
  const redis = createRedis(config().REDIS_URL, "worker");
  try {
    const keys: string[] = [];
    for await (const page of scanKeys(redis, `${config().REDIS_PREFIX}:*`)) keys.push(...page);
    let dump = keys.join("\n");
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === "string" ? await redis.get(key)
        : type === "hash" ? JSON.stringify(await redis.hgetall(key))
        : type === "list" ? JSON.stringify(await redis.lrange(key, 0, -1))
        : type === "set" ? JSON.stringify(await redis.smembers(key))
        : type === "zset" ? JSON.stringify(await redis.zrange(key, 0, -1))
        : type === "stream" ? JSON.stringify(await redis.xrange(key, "-", "+"))
        : "";
      dump += `\n${value}`;
    }
    return found(dump, needles);
  } finally {
    redis.disconnect();
  }
}

/** A real logger (the app's redaction included) writing into memory. */
export function capturedLog() {
  let text = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ level: "debug", destination }), mentions: (needles: string[]) => found(text, needles), text: () => text };
}
