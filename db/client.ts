/**
 * Database handle: embedded PGlite in a folder (default) or postgres.js when DATABASE_URL is set.
 * One handle per process (globalThis singleton, HMR-safe). Migrations run on open.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: inside db.transaction() always use this, never the outer db (PGlite deadlocks). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Unlisten = () => Promise<void>;

export interface DbHandle {
  db: Db;
  driver: "pglite" | "postgres";
  /** The embedded instance, for pg-boss's fromPglite adapter. */
  pglite?: PGlite;
  /** Connection string, for pg-boss and LISTEN connections on the real server. */
  connectionString?: string;
  listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
// Arbitrary constant: serialises migrations when several app instances start at once.
const MIGRATION_LOCK_ID = 727_101;

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite folder; "memory://" for an in-memory database. */
  pgliteDir?: string;
  migrationsFolder?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS;
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, migrationsFolder)
    : openPglite(opts.pgliteDir ?? "memory://", migrationsFolder);
}

async function openPglite(dir: string, migrationsFolder: string): Promise<DbHandle> {
  // 0700: the database files and WAL are nobody else's to read (the data dir is checked again at start).
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create(dir);
  const db = drizzlePglite({ client: pglite, schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db, // safe because PgliteDatabase is a PgDatabase over the same schema
    driver: "pglite",
    pglite,
    listen: async (channel, onPayload) => {
      const off = await pglite.listen(channel, onPayload);
      return () => off();
    },
    close: () => pglite.close(),
  };
}

async function openPostgres(url: string, migrationsFolder: string): Promise<DbHandle> {
  await migrateWithLock(url, migrationsFolder);
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres({ client: sql, schema });
  return {
    db: db as unknown as Db, // safe because PostgresJsDatabase is a PgDatabase over the same schema
    driver: "postgres",
    connectionString: url,
    listen: async (channel, onPayload) => {
      const sub = await sql.listen(channel, onPayload);
      return () => sub.unlisten();
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function migrateWithLock(url: string, migrationsFolder: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
