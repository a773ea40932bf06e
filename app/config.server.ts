// The environment, validated once. Every setting the app reads is declared here with the message an
// operator needs when it is wrong; .env.example documents the same names.
import path from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseTarget, type DatabaseTarget } from "./database-target.server.mjs";

const isKey = (value: string) => Buffer.from(value, "base64").length === 32;

const base64Key = z
  .string({ error: "is required: a random 32-byte key, base64 (generate one with `openssl rand -base64 32`)" })
  .refine(isKey, {
    message: "must be exactly 32 bytes encoded as base64 (generate one with `openssl rand -base64 32`)",
  });

// Retired master keys stay readable until `npm run vault:rotate-master` has re-wrapped everything.
const previousKeys = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((key) => key.trim()).filter(Boolean))
  .refine((keys) => keys.every(isKey), {
    message: "must be a comma-separated list of 32-byte base64 keys (the master keys used before the current one)",
  });

const milliseconds = (fallback: number) =>
  z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).default(fallback);
const bytes = (fallback: number) => z.coerce.number({ error: "must be a number of bytes" }).int().min(1_024).default(fallback);

// A file or folder path; relative paths are resolved against the working directory.
const localFile = (fallback: string) =>
  z.string().min(1, { error: "must be a file path" }).default(fallback).transform((value) => path.resolve(value));
const days = (fallback: number, min: number) =>
  z.coerce.number({ error: `must be a whole number of days, e.g. ${fallback}` }).int({ error: `must be a whole number of days, e.g. ${fallback}` }).min(min).max(3650).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string({ error: "is required: the app's client id from the Partner Dashboard" }).min(1),
  SHOPIFY_API_SECRET: z
    .string({ error: "is required: the app's client secret from the Partner Dashboard" })
    .min(1),
  SHOPIFY_APP_URL: z.url({ error: "must be the app's public https URL, e.g. https://example.com" }),
  SCOPES: z
    .string()
    .default("read_customers,write_customers,read_orders,read_products,write_products,write_app_proxy,read_themes,write_customer_data_erasure,read_privacy_settings,write_privacy_settings")
    .transform((value) => value.split(",").map((scope) => scope.trim()).filter(Boolean)),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  // Only for an API proxy in front of Shopify: the sync then calls <origin>/admin/api/… for every shop.
  SHOPIFY_ADMIN_API_ORIGIN: z
    .url({ error: "must be an http(s) origin such as https://admin-proxy.internal (no path)" })
    .refine((value) => new URL(value).pathname === "/", { message: "must be an origin without a path, e.g. https://admin-proxy.internal" })
    .transform((value) => new URL(value).origin)
    .optional(),
  // The tracker scanner's browser; where it is missing, the scanner reads the served HTML instead.
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  PORT: z.coerce.number({ error: "must be a TCP port number" }).int().min(1).max(65535).default(3000),
  // Loopback unless told otherwise: a container or a host behind a reverse proxy sets 0.0.0.0.
  HOST: z
    .string()
    .default("127.0.0.1")
    .refine((value) => /^[\w.:-]+$/.test(value), { message: "must be an interface address or host name, e.g. 127.0.0.1 or 0.0.0.0" }),
  // Edge limits: bodies are refused with 413 before they are buffered; slow or idle clients are cut off.
  WEBHOOK_BODY_LIMIT_BYTES: bytes(2 * 1024 * 1024),
  PROXY_BODY_LIMIT_BYTES: bytes(64 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(10_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(5_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number({ error: "must be a whole number of connections" }).int().min(1).default(1_024),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .refine((value) => /^rediss?(\+cluster)?:\/\//.test(value), {
      message: "must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster",
    }),
  REDIS_PREFIX: z
    .string()
    .default("cv")
    .refine((value) => !/[{}:]/.test(value), { message: "must not contain '{', '}' or ':'" }),
  VAULT_MASTER_KEY: base64Key,
  VAULT_PREVIOUS_MASTER_KEYS: previousKeys,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  // Proof of consent is kept this long, then purged. 13 months by default: the longest a consent
  // choice stays valid under the CNIL's cookie guidance (docs/decisions/008-consent-receipts.md).
  CONSENT_RECEIPT_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days, e.g. 395" })
    .int({ error: "must be a whole number of days, e.g. 395" })
    .min(30, { error: "must be at least 30 days: a receipt must outlive the consent it proves" })
    .max(3650, { error: "must be at most 3650 days (10 years)" })
    .default(395),
  // Erasure epochs and the erasure journal live outside the main database, so that neither its history
  // nor a restore of it can undo an erasure (docs/decisions/011-erasure-reaches-backups.md).
  VAULT_KEY_STORE_PATH: localFile(".data/vault-key-store.db"),
  ERASURE_JOURNAL_PATH: localFile(".data/erasure-journal.db"),
  // The folder backups are written to (data/ and key-store/ below it), and how long each kind is kept.
  BACKUP_DIR: localFile(".data/backups"),
  BACKUP_DATA_RETENTION_DAYS: days(35, 1),
  // Short on purpose: once the key-store copies older than an erasure expire, no key of the erased
  // customer exists anywhere, whatever data backups remain.
  BACKUP_KEY_STORE_RETENTION_DAYS: days(7, 1),
  // Unset: backups go to BACKUP_DIR. Set: to an S3-compatible bucket, under the prefix if one is given.
  BACKUP_TARGET: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, { error: "must be s3://<bucket>[/<prefix>], e.g. s3://acme-backups/consent-vault (unset: backups go to BACKUP_DIR)" })
    .optional(),
  // For MinIO, Cloudflare R2 and other S3-compatible services; AWS itself needs only the region.
  BACKUP_S3_ENDPOINT: z.url({ error: "must be the service's http(s) URL, e.g. https://<account>.r2.cloudflarestorage.com or http://minio:9000" }).optional(),
  BACKUP_S3_REGION: z.string().min(1).default("us-east-1"),
  BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Path-style addressing (<endpoint>/<bucket>/…), which MinIO and most self-hosted services need.
  BACKUP_S3_PATH_STYLE: z.enum(["true", "false"], { error: "must be true or false" }).default("false").transform((value) => value === "true"),
  BACKUP_EVERY_HOURS: z.coerce.number({ error: "must be a whole number of hours, e.g. 24" }).int().min(1).max(24 * 7).default(24),
  JOB_LOCK_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(1_000).default(30_000),
  // The privacy center's email confirmations for guests (docs/decisions/018-privacy-center.md), as a
  // nodemailer SMTP URL, e.g. smtps://user:password@smtp.example.com:465. Unset: guests cannot confirm
  // by email and the privacy center says so; logged-in customers are unaffected.
  SMTP_URL: z.url({ error: "must be an smtp:// or smtps:// URL" }).optional(),
  SMTP_FROM: z.string().min(3).default("Privacy center <privacy@consent-vault.invalid>"),
})
  .refine((settings) => settings.HTTP_HEADERS_TIMEOUT_MS <= settings.HTTP_REQUEST_TIMEOUT_MS, {
    path: ["HTTP_HEADERS_TIMEOUT_MS"],
    message: "must not be longer than HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)",
  })
  .superRefine((settings, context) => {
    if (!settings.BACKUP_TARGET) return;
    for (const name of ["BACKUP_S3_ACCESS_KEY_ID", "BACKUP_S3_SECRET_ACCESS_KEY"] as const) {
      if (!settings[name]) context.addIssue({ code: "custom", path: [name], message: `is required when BACKUP_TARGET is a bucket: the access key that may read, write, list and delete in it` });
    }
  });

/** The bucket of BACKUP_TARGET, with what it takes to sign requests to it; `prefix` is "" or ends with "/". */
export interface BackupBucketSettings {
  bucket: string;
  prefix: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pathStyle: boolean;
}

export type Config = Omit<z.infer<typeof schema>, "DATABASE_URL"> & { database: DatabaseTarget; backupBucket: BackupBucketSettings | null };

function backupBucketOf(settings: z.infer<typeof schema>): BackupBucketSettings | null {
  if (!settings.BACKUP_TARGET) return null;
  const [bucket, ...prefix] = settings.BACKUP_TARGET.slice("s3://".length).split("/");
  const folder = prefix.filter(Boolean).join("/");
  return {
    bucket: bucket!,
    prefix: folder ? `${folder}/` : "",
    endpoint: settings.BACKUP_S3_ENDPOINT ?? `https://s3.${settings.BACKUP_S3_REGION}.amazonaws.com`,
    region: settings.BACKUP_S3_REGION,
    accessKeyId: settings.BACKUP_S3_ACCESS_KEY_ID!,
    secretAccessKey: settings.BACKUP_S3_SECRET_ACCESS_KEY!,
    pathStyle: settings.BACKUP_S3_PATH_STYLE,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const { DATABASE_URL, ...rest } = parsed.data;
  try {
    return { ...rest, database: databaseTarget(DATABASE_URL), backupBucket: backupBucketOf(parsed.data) };
  } catch (error) {
    throw new ConfigError([`DATABASE_URL ${(error as Error).message.replace(/^DATABASE_URL /, "")}`]);
  }
}

let cached: Config | undefined;

/** The process configuration, read from the environment on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
