// The few S3 calls backups need (PUT, GET, LIST, DELETE, GetBucketVersioning), signed with AWS
// Signature V4 (aws4) and sent with Node's fetch: the whole AWS SDK for five requests is not worth its
// weight. Works with any S3-compatible service (MinIO, R2, …) through `endpoint` and path-style
// addressing. Bodies are streamed both ways: a backup can be larger than the memory we want to use.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import aws4 from "aws4";

import type { BackupBucketSettings } from "../config.server";

export type S3Bucket = ReturnType<typeof s3Bucket>;

const SIGNATURE_HINT = "check BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY";

/** An S3 error answer, with S3's code (NoSuchKey, AccessDenied, …) and the request it answered. */
export class S3RequestError extends Error {
  override name = "S3RequestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlText = (value: string) =>
  value.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[entity]!);
const xmlValues = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((match) => xmlText(match[1]!));

async function sha256OfFile(file: string) {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** `pathStyle` addresses the bucket as <endpoint>/<bucket>/… instead of <bucket>.<endpoint host>/… */
export function s3Bucket(settings: Omit<BackupBucketSettings, "prefix">) {
  const endpoint = new URL(settings.endpoint);
  const host = settings.pathStyle ? endpoint.host : `${settings.bucket}.${endpoint.host}`;
  const basePath = `${endpoint.pathname.replace(/\/$/, "")}${settings.pathStyle ? `/${settings.bucket}` : ""}`;
  const describe = (key = "") => `s3://${settings.bucket}/${key}`;

  async function send({ method, key = "", query = {}, headers = {}, body }: { method: string; key?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: Readable }) {
    const search = new URLSearchParams(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))).toString().replace(/\+/g, "%20");
    const requestPath = `${basePath}/${key.split("/").map(encodeURIComponent).join("/")}`.replace(/\/$/, "") || "/";
    const signed = aws4.sign(
      { host, method, path: `${requestPath}${search ? `?${search}` : ""}`, service: "s3", region: settings.region, headers: { ...headers } },
      { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    );
    let response: Response;
    try {
      response = await fetch(`${endpoint.protocol}//${host}${signed.path}`, {
        method,
        headers: signed.headers as Record<string, string>,
        ...(body ? { body: Readable.toWeb(body) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the backup bucket at ${endpoint.origin} (BACKUP_S3_ENDPOINT): ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    if (response.ok) return response;
    const text = await response.text();
    const code = xmlValues(text, "Code")[0] ?? `HTTP ${response.status}`;
    const detail = xmlValues(text, "Message")[0];
    const hint = response.status === 403 ? `; ${SIGNATURE_HINT} and the key's permissions on the bucket` : "";
    throw new S3RequestError(response.status, code, `${method} ${describe(key)} was refused: ${code}${detail ? ` (${detail})` : ""}${hint}`);
  }

  return {
    describe,

    /** Uploads a local file; its SHA-256 is signed, so a body altered on the way is refused by S3. */
    async putFile({ key, file }: { key: string; file: string }): Promise<{ bytes: number }> {
      const { size } = await fs.promises.stat(file);
      const headers = { "Content-Length": String(size), "Content-Type": "application/octet-stream", "X-Amz-Content-Sha256": await sha256OfFile(file) };
      await send({ method: "PUT", key, headers, body: fs.createReadStream(file) });
      return { bytes: size };
    },

    /** Downloads an object to a local file; false when there is no such object. */
    async getFile({ key, file }: { key: string; file: string }): Promise<boolean> {
      try {
        const response = await send({ method: "GET", key });
        await pipeline(Readable.fromWeb(response.body! as Parameters<typeof Readable.fromWeb>[0]), fs.createWriteStream(file));
        return true;
      } catch (error) {
        if (error instanceof S3RequestError && error.code === "NoSuchKey") return false;
        throw error;
      }
    },

    /** Every key under `prefix`, page by page (ListObjectsV2 returns at most 1,000 a page). */
    async listKeys({ prefix, pageSize }: { prefix: string; pageSize?: number }): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query: Record<string, string> = { "list-type": "2", prefix, ...(pageSize ? { "max-keys": String(pageSize) } : {}), ...(token ? { "continuation-token": token } : {}) };
        const xml = await (await send({ method: "GET", query })).text();
        keys.push(...[...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].flatMap((match) => xmlValues(match[1]!, "Key")));
        token = xmlValues(xml, "IsTruncated")[0] === "true" ? xmlValues(xml, "NextContinuationToken")[0] : undefined;
      } while (token);
      return keys;
    },

    async deleteKey({ key }: { key: string }) {
      await send({ method: "DELETE", key });
    },

    /**
     * The bucket's versioning: "Enabled", "Suspended" (versions made while it was enabled remain), or
     * "Off" (never enabled, or a server that does not implement versioning and so keeps no versions).
     */
    async versioning(): Promise<"Enabled" | "Suspended" | "Off"> {
      try {
        const xml = await (await send({ method: "GET", query: { versioning: "" } })).text();
        const status = xmlValues(xml, "Status")[0];
        return status === "Enabled" || status === "Suspended" ? status : "Off";
      } catch (error) {
        if (error instanceof S3RequestError && error.code === "NotImplemented") return "Off";
        throw error;
      }
    },
  };
}
