/**
 * Process start-up, called once from instrumentation.ts: database (migrated), dev users,
 * the embedded ARM simulator, the job worker. Each part reports its state instead of throwing,
 * because a throw in register() turns every request into a 500 (ARCHITECTURE.md G22).
 */
import { getDb } from "@/db";
import { ensureDevUsers } from "@/lib/auth/users";
import { env, isDevSignInEnabled, signInConfigErrors } from "@/lib/env";
import { log, setLogLevel } from "@/lib/log";
import { setSubsystem } from "./boot-state";
import { claimDataDir } from "./data-dir-owner";
import { securePrivateDir } from "./private-files";
import { getServices } from "./services";

const g = globalThis as unknown as { __hscBooted?: Promise<void> };

export function boot(): Promise<void> {
  g.__hscBooted ??= run();
  return g.__hscBooted;
}

/** A configuration this server must not run with; instrumentation.ts stops the process on it. */
export class StartupRefused extends Error {
  override name = "StartupRefused";
}

/** Sign-in settings and the data dir's modes: checked before anything listens or opens the database. */
export function checkStartup(): void {
  const problems = signInConfigErrors(env());
  if (problems.length) throw new StartupRefused(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  try {
    const tightened = securePrivateDir(env().DATA_DIR);
    if (tightened.length) log.warn("tightened permissions in the data dir", { paths: tightened });
  } catch (err) {
    throw new StartupRefused(String(err instanceof Error ? err.message : err));
  }
}

async function run() {
  setLogLevel(env().LOG_LEVEL);
  checkStartup();
  try {
    if (!env().DATABASE_URL) claimDataDir(env().DATA_DIR, env().PORT);
    const db = await getDb();
    if (isDevSignInEnabled()) await ensureDevUsers({ ctx: { db } });
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
