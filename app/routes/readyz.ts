import { config } from "../config.server";
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
