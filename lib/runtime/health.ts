/**
 * GET /api/health. Everyone gets up or down; admins also get each check's detail (database,
 * worker, the simulator's URL, the Azure probe with Azure's error). The Azure probe is one ARM
 * read, cached and shared by every caller of this process, so polling health cannot drain the
 * subscription's read budget.
 */
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { env, hubConfig } from "@/lib/env";
import { bootState } from "./boot-state";
import { probeCache, type Probe } from "./probe-cache";
import { getServices } from "./services";

export interface Health {
  ok: boolean;
  checks: Record<string, { ok: boolean; [k: string]: unknown }>;
}

/** The anonymous answer: nothing an attacker could use (no URL, versions or error text). */
export interface PublicHealth {
  ok: boolean;
}

async function timed<T>(fn: () => Promise<T>, ms = 3_000): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  );
  try {
    return { ms: Date.now() - started, value: await Promise.race([fn(), timeout]) };
  } finally {
    clearTimeout(timer);
  }
}

async function probeAzure(): Promise<Probe> {
  const mode = env().AZURE_MODE;
  const at = new Date().toISOString();
  try {
    const services = await timed(() => getServices(), 30_000);
    const started = Date.now();
    const rg = await timed(() => services.value.azure.getResourceGroup(hubConfig().hubResourceGroup));
    return {
      ok: true,
      mode,
      simulator_url: services.value.simulatorUrl,
      hub_resource_group: rg.value ? "found" : "missing",
      latency_ms: Date.now() - started,
      probed_at: at,
    };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, mode, error: e.code ? `${e.code}: ${e.message}` : (e.message ?? String(err)), probed_at: at };
  }
}

const azureProbe = probeCache(probeAzure);

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
  const azure = await azureProbe(env().HEALTH_PROBE_CACHE_SECONDS * 1000);
  const checks = { database, worker, azure };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

export function publicHealth(h: Health): PublicHealth {
  return { ok: h.ok };
}
