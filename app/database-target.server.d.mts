export const DEFAULT_DATABASE_URL: string;
export type DatabaseTarget = { provider: "sqlite" | "postgresql"; url: string };
export function databaseTarget(databaseUrl: string | undefined, cwd?: string): DatabaseTarget;
export function sqliteFile(target: DatabaseTarget): string;
