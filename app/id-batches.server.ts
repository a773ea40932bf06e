// An `IN (…)` list built from request data (Shopify may name every order a customer ever placed) can
// exceed what one statement may bind: 999 parameters on SQLite as the app uses it, 65,535 on
// PostgreSQL. Such lists are cut into batches small enough for both, leaving room for the
// statement's other parameters.
export const IN_LIST_BATCH_SIZE = 500;

export function batchesOf<T>(items: readonly T[], size = IN_LIST_BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
