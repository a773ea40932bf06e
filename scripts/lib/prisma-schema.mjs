// Renders the provider-specific Prisma schemas from prisma/models.prisma, the one source of truth.
import fs from "node:fs";
import path from "node:path";

export const PROVIDERS = /** @type {const} */ (["sqlite", "postgresql"]);

/** @param {"sqlite" | "postgresql"} provider @param {string} models */
export function renderSchema(provider, models) {
  return `// Rendered from prisma/models.prisma by \`npm run db:migration\`: edit that file, not this one.
generator client {
  provider   = "prisma-client-js"
  engineType = "client"
  output     = "../../node_modules/@consent-vault/prisma-${provider}"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

${models.trim()}
`;
}

/** @param {string} root @param {"sqlite" | "postgresql"} provider */
export function schemaPath(root, provider) {
  return path.join(root, "prisma", provider, "schema.prisma");
}

/** @param {string} root */
export function readModels(root) {
  return fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
}
