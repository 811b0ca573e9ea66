import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { env, hubConfig } from "@/lib/env";
import { bootState } from "./boot-state";
import { getServices } from "./services";

export interface Health {
  ok: boolean;
  checks: Record<string, { ok: boolean; [k: string]: unknown }>;
}

async function timed<T>(fn: () => Promise<T>, ms = 3_000): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await Promise.race([fn(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);
  return { ms: Date.now() - started, value };
}

async function checkAzure(): Promise<Health["checks"][string]> {
  const mode = env().AZURE_MODE;
  try {
    const services = await timed(() => getServices(), 30_000);
    const { ms, value } = await timed(() => services.value.azure.getResourceGroup(hubConfig().hubResourceGroup));
    return { ok: true, mode, simulator_url: services.value.simulatorUrl, hub_resource_group: value ? "found" : "missing", latency_ms: ms };
  } catch (err) {
    return { ok: false, mode, error: err instanceof Error ? err.message : String(err) };
  }
}

export async function checkHealth(): Promise<Health> {
  const state = bootState();
  let database: Health["checks"][string];
  try {
    const { ms } = await timed(async () => (await getDb()).execute(sql`select 1`));
    database = { ok: true, driver: env().DATABASE_URL ? "postgres" : "pglite", latency_ms: ms };
  } catch (err) {
    database = { ok: false, error: String(err) };
  }
  const w = state.worker;
  const worker = { ok: w.status === "ok" || w.status === "disabled", status: w.status, error: w.error, ...w.detail };
  const checks = { database, worker, azure: await checkAzure() };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
