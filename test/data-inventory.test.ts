// docs/data-inventory.md must account for every table and column the app stores: a new model or
// column fails this test until the inventory says what it holds, why, and for how long.
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);

/** Model name → its stored columns (relation fields, which are not columns, left out). */
function modelColumns(schema: string): Map<string, string[]> {
  const blocks = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const names = new Set(blocks.map(([, name]) => name!));
  return new Map(
    blocks.map(([, name, body]) => [
      name!,
      body!
        .split("\n")
        .map((line) => line.trim().match(/^(\w+)\s+(\w+)(\[\])?\??/))
        .filter((match): match is RegExpMatchArray => Boolean(match) && !names.has(match![2]!))
        .map((match) => match[1]!),
    ]),
  );
}

/**
 * The columns the inventory's tables name: `Model.column` anywhere in a row's first cell, or
 * `column` in the first cell of a table under a heading that is the model's name.
 */
function documentedColumns(markdown: string, models: Set<string>): Set<string> {
  const documented = new Set<string>();
  let model: string | null = null;
  for (const line of markdown.split("\n")) {
    const heading = line.match(/^#+\s+`?(\w+)`?\s*$/);
    if (heading) model = models.has(heading[1]!) ? heading[1]! : null;
    else if (/^#/.test(line)) model = null;
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const firstCell = line.split("|")[1] ?? "";
    for (const [, name] of firstCell.matchAll(/`([\w.]+)`/g)) {
      if (name!.includes(".")) documented.add(name!);
      else if (model) documented.add(`${model}.${name}`);
    }
  }
  return documented;
}

describe("docs/data-inventory.md", () => {
  it("given the data model, then every model and column in prisma/models.prisma is in the inventory's tables", () => {
    const models = modelColumns(fs.readFileSync(new URL("prisma/models.prisma", root), "utf8"));
    const documented = documentedColumns(fs.readFileSync(new URL("docs/data-inventory.md", root), "utf8"), new Set(models.keys()));

    const missing = [...models].flatMap(([model, columns]) => columns.map((column) => `${model}.${column}`)).filter((column) => !documented.has(column));

    expect(models.size).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});

describe("the data inventory declared in code (app/data-inventory/data-categories.server.ts)", () => {
  it("given the declared categories, then every column they name exists, every encrypted or sealed column belongs to one, and each category id is unique", async () => {
    const { DATA_CATEGORIES } = await import("../app/data-inventory/data-categories.server");
    const models = modelColumns(fs.readFileSync(new URL("prisma/models.prisma", root), "utf8"));
    const columns = new Set([...models].flatMap(([model, names]) => names.map((name) => `${model}.${name}`)));
    const declared = DATA_CATEGORIES.flatMap((category) => category.fields as readonly string[]);
    // Shoppers' personal data is what the app encrypts or seals; staff secrets are not inventory categories.
    const protectedColumns = [...columns].filter((column) => /\.(encrypted\w+|sealed|subjectSealed|sealedClaim)$/.test(column));

    expect(declared.filter((column) => !columns.has(column))).toEqual([]);
    expect(protectedColumns.filter((column) => !declared.includes(column))).toEqual([]);
    expect(new Set(DATA_CATEGORIES.map((category) => category.id)).size).toBe(DATA_CATEGORIES.length);
  });
});
