import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { bootState } from "./boot-state";

export interface Health {
  ok: boolean;
  checks: Record<string, { ok: boolean; [k: string]: unknown }>;
}

export async function checkHealth(): Promise<Health> {
  const state = bootState();
  const started = Date.now();
  let database: Health["checks"][string];
  try {
    await (await getDb()).execute(sql`select 1`);
    database = { ok: true, driver: env().DATABASE_URL ? "postgres" : "pglite", latency_ms: Date.now() - started };
  } catch (err) {
    database = { ok: false, error: String(err) };
  }
  const sub = (s: typeof state.worker) => ({ ok: s.status === "ok" || s.status === "disabled", status: s.status, error: s.error, ...s.detail });
  const checks = { database, worker: sub(state.worker), azure: { ...sub(state.simulator), mode: env().AZURE_MODE } };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
