// The production build of the web app, rebuilt only when its inputs changed: a digest of every
// input file is stamped into build/ after a successful build, like the install stamp of the set-up.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUT_DIRS = ["app", "public"];
const INPUT_FILES = ["vite.config.ts", "tsconfig.json", "package-lock.json"];
const TESTS = /\.test\.[cm]?[jt]sx?$/;

function inputFiles(root: string): string[] {
  const files = INPUT_FILES.map((file) => path.join(root, file)).filter((file) => fs.existsSync(file));
  for (const dir of INPUT_DIRS.map((name) => path.join(root, name)).filter((dir) => fs.existsSync(dir))) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && !TESTS.test(entry.name)) files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

export function webBuildDigest(root: string): string {
  const hash = createHash("sha256");
  for (const file of inputFiles(root)) hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  return hash.digest("hex");
}

const stampOf = (root: string) => path.join(root, "build", ".inputs-digest");

// One build at a time per checkout (npm start and a test run may both ask): a directory is the lock.
function withBuildLock<T>(root: string, work: () => T): T {
  const lock = path.join(root, ".cache", "web-build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const waitUntil = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than any build was left by a killed process.
      if (Date.now() > waitUntil || Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds unless build/ was made from exactly the current inputs. Returns whether it built. */
export function ensureWebBuild(root: string, options: { log?: (message: string) => void } = {}): boolean {
  return withBuildLock(root, () => buildIfChanged(root, options));
}

function buildIfChanged(root: string, { log = console.log }: { log?: (message: string) => void }): boolean {
  const digest = webBuildDigest(root);
  const stamp = stampOf(root);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest && fs.existsSync(path.join(root, "build", "server", "index.js"))) return false;
  log("[build] sources changed since the last build: building the web app");
  // The build is a production bundle whatever NODE_ENV the caller runs with.
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`the web build failed (exit code ${result.status}); run npm run build to see why`);
  fs.writeFileSync(stamp, digest);
  return true;
}
