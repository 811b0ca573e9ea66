/**
 * A fresh, migrated database per test file: in-memory PGlite, or — when DATABASE_URL is set —
 * a new database on that server, dropped again afterwards. Never a mock.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { env } from "@/lib/env";
import { openDatabase, type DbHandle } from "../client";

export interface TestDb extends DbHandle {
  /** Drop the database (real server) or close PGlite. */
  destroy(): Promise<void>;
}

/** `serverUrl` overrides DATABASE_URL (a test that needs the real server even on the PGlite run). */
export async function createTestDb(opts: { serverUrl?: string } = {}): Promise<TestDb> {
  const serverUrl = opts.serverUrl ?? env().DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `hsc_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...handle,
    destroy: async () => {
      await handle.close();
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
