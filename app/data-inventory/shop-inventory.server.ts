// The data inventory as it applies to one shop: each declared category with the shop's retention
// period filled in and whether the shop collects it at all (a synced field turned off is not).
import type { Db } from "../db.server";
import { getRetentionPeriods, RETENTION_BOUNDS, type RetentionKind } from "../retention/retention-periods.server";
import { syncedFields } from "../sync/minimisation.server";
import { DATA_CATEGORIES, storedIn, type DataCategory, type DataCategoryId, type FixedRetention } from "./data-categories.server";

export type ShopRetention = { fixed: FixedRetention } | { kind: RetentionKind; value: number; unit: "months" | "days" };

export interface ShopDataCategory extends Pick<DataCategory, "fields" | "subjects" | "legalBasis" | "protection"> {
  id: DataCategoryId;
  storedIn: string[];
  retention: ShopRetention;
  collected: boolean;
}

export async function shopDataInventory({ db, shop }: { db: Db; shop: string }): Promise<ShopDataCategory[]> {
  const [fields, periods] = await Promise.all([syncedFields({ db, shop }), getRetentionPeriods({ db, shop })]);
  return DATA_CATEGORIES.map((category: DataCategory) => ({
    id: category.id as DataCategoryId,
    fields: category.fields,
    subjects: category.subjects,
    legalBasis: category.legalBasis,
    protection: category.protection,
    storedIn: storedIn(category),
    retention: "fixed" in category.retention ? category.retention : { kind: category.retention.period, value: periods[category.retention.period], unit: RETENTION_BOUNDS[category.retention.period].unit },
    collected: category.syncedField ? fields[category.syncedField] : true,
  }));
}
