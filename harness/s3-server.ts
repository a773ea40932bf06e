// A real S3-protocol server for tests and benches: s3rver in a child process with its own data folder and one
// bucket. It runs with OpenSSL's legacy provider because s3rver makes its list continuation tokens
// with DES, which Node's OpenSSL 3 no longer offers by default (pagination fails without it).
// package.json's overrides pin s3rver's is-generator-function to 1.1.0: 1.1.2 loads generator-function
// as an ES module namespace under Node 22's require(esm), and koa (s3rver's server) fails to start.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** s3rver's built-in account. */
export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3Server({ bucket }: { bucket: string }) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cv-s3rver-"));
  const server = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "node_modules/s3rver/bin/s3rver.js", "-d", directory, "-a", "127.0.0.1", "-p", "0", "-s", "--configure-bucket", bucket],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on [\d.]+:(\d+)/.exec(output);
      if (listening) resolve(Number(listening[1]));
    });
    server.once("exit", (code) => reject(new Error(`s3rver exited with ${code}: ${output}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Where s3rver keeps the bucket's objects, to alter one behind the server's back. */
    directory,
    async stop() {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
