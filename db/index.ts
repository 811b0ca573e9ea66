import path from "node:path";
import { env } from "@/lib/env";
import { openDatabase, type DbHandle } from "./client";

export type { Db, DbHandle, DbOrTx, Tx } from "./client";

const globalForDb = globalThis as unknown as { __hscDb?: Promise<DbHandle> };

/** The process's database handle, opened (and migrated) on first use. */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__hscDb ??= openDatabase({
    databaseUrl: env().DATABASE_URL,
    pgliteDir: path.join(env().DATA_DIR, "pglite"),
  }).catch((err: unknown) => {
    globalForDb.__hscDb = undefined; // let the next request retry instead of caching the failure
    throw err;
  });
  return globalForDb.__hscDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}
