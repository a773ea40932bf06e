import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

/** Three customers buy pairs of products in January; in February two of them buy something new. */
const trainCsv = [
  HEADER,
  '1,A,"MUG, RED",1,2024-01-02T10:00:00Z,2.5,101,United Kingdom',
  "1,B,TEA,1,2024-01-02T10:00:00Z,1.5,101,United Kingdom",
  "2,A,MUG,1,2024-01-03T10:00:00Z,2.5,102,United Kingdom",
  "2,B,TEA,1,2024-01-03T10:00:00Z,1.5,102,United Kingdom",
  "2,C,CAKE,1,2024-01-03T10:00:00Z,3,102,United Kingdom",
  "3,A,MUG,1,2024-01-04T10:00:00Z,2.5,103,United Kingdom",
  "3,C,CAKE,1,2024-01-20T10:00:00Z,3,103,United Kingdom",
  "C4,B,TEA,-1,2024-01-21T10:00:00Z,1.5,103,United Kingdom",
  "5,D,KETTLE,1,2024-01-22T10:00:00Z,20,,United Kingdom",
].join("\n");
const testCsv = [HEADER, "6,C,CAKE,1,2024-02-02T10:00:00Z,3,101,United Kingdom", "7,B,TEA,2,2024-02-03T10:00:00Z,1.5,103,United Kingdom"].join("\n");

const dir = await mkdtemp(path.join(tmpdir(), "eval-recs-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm run eval:recs", () => {
  it("given two line-item files, when run with --recs-out, then it prints the metrics as JSON last and writes each test customer's top 10", async () => {
    await writeFile(path.join(dir, "train.csv.gz"), gzipSync(trainCsv));
    await writeFile(path.join(dir, "test.csv"), testCsv);
    const recsOut = path.join(dir, "recs.json");
    const { stdout } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/eval-recs.ts", "--train", path.join(dir, "train.csv.gz"), "--test", path.join(dir, "test.csv"), "--recs-out", recsOut], { cwd: root });
    const metrics = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, { ndcg: number; hitRate: number }>;
    expect(Object.keys(metrics)).toEqual(["Global popularity", "Item-kNN cosine", "EASE^R", "Trending neighbours (ours)"]);
    for (const model of Object.values(metrics)) expect(model.hitRate).toBe(1);
    const recs = JSON.parse(await readFile(recsOut, "utf8")) as Record<string, string[]>;
    // 101 bought A and B, so C is the only product left to recommend; 103's cancelled TEA is not a purchase.
    expect(recs).toEqual({ "101": ["C"], "103": ["B"] });
  });

  it("given only --train, when run, then it refuses with exit code 2", async () => {
    await expect(run(path.join(root, "node_modules/.bin/tsx"), ["scripts/eval-recs.ts", "--train", "x.csv"], { cwd: root })).rejects.toMatchObject({ code: 2 });
  });
});
