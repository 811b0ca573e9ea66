/**
 * Process start-up, called once from instrumentation.ts: database (migrated), dev users,
 * the embedded ARM simulator, the job worker. Each part reports its state instead of throwing,
 * because a throw in register() turns every request into a 500 (STACK-NOTES G22).
 */
import { getDb } from "@/db";
import { ensureDevUsers } from "@/lib/auth/users";
import { env, isDevSignInEnabled } from "@/lib/env";
import { log, setLogLevel } from "@/lib/log";
import { setSubsystem } from "./boot-state";
import { claimDataDir } from "./data-dir-owner";
import { getServices } from "./services";

const g = globalThis as unknown as { __hscBooted?: Promise<void> };

export function boot(): Promise<void> {
  g.__hscBooted ??= run();
  return g.__hscBooted;
}

async function run() {
  setLogLevel(env().LOG_LEVEL);
  try {
    if (!env().DATABASE_URL) claimDataDir(env().DATA_DIR, env().PORT);
    const db = await getDb();
    if (isDevSignInEnabled()) await ensureDevUsers(db);
    setSubsystem("database", { status: "ok", detail: { driver: env().DATABASE_URL ? "postgres" : "pglite" } });
  } catch (err) {
    setSubsystem("database", { status: "error", error: String(err) });
    log.error("database start-up failed", { err: String(err) });
    return;
  }
  try {
    await getServices();
  } catch (err) {
    setSubsystem("worker", { status: "error", error: String(err) });
    log.error("service start-up failed", { err: String((err as Error)?.stack ?? err) });
  }
}
