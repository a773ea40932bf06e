import type { TestProject } from "vitest/node";
import { createTemplateDatabase, dropTemplateDatabase } from "../harness/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: { provider: "sqlite" | "postgresql"; url: string };
  }
}

export default async function setup(project: TestProject) {
  const template = await createTemplateDatabase(process.env.DATABASE_URL);
  project.provide("templateDatabase", template);
  return () => dropTemplateDatabase(template);
}
