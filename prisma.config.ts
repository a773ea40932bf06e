// Prisma CLI configuration. The engine is picked from DATABASE_URL (SQLite file by default,
// PostgreSQL for postgres:// URLs); migrations run on the WASM schema engine through a driver
// adapter, so no engine binary is ever downloaded.
import { defineConfig } from "prisma/config";
import { databaseTarget } from "./app/database-target.server.mjs";

const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${target.provider}/schema.prisma`,
  async adapter() {
    if (target.provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: target.url });
    }
    const { PrismaLibSQL } = await import("@prisma/adapter-libsql");
    return new PrismaLibSQL({ url: target.url });
  },
});
