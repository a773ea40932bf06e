import { config } from "../config.server";
// Readiness reads only the migrations table, which the app role may not, and no shop is known here.
// eslint-disable-next-line no-restricted-imports
import { db } from "../db.server";
import { checkReadiness, migrationsDirFor } from "../health/readiness.server";
import { queues } from "../jobs/queues.server";

export const loader = async () => {
  const readiness = await checkReadiness({
    db: db(),
    redis: queues().connection,
    migrationsDir: migrationsDirFor(config().database.provider),
  });
  return Response.json(
    { status: readiness.ok ? "ready" : "unavailable", ...readiness },
    { status: readiness.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
