/**
 * npm run worker: a job worker without the web server, for multi-process deployments on a shared
 * PostgreSQL (DATABASE_URL). The embedded PGlite may only be opened by the Next server itself.
 */
import { env } from "@/lib/env";
import { log, setLogLevel } from "@/lib/log";
import { getServices } from "@/lib/runtime/services";

async function main() {
  setLogLevel(env().LOG_LEVEL);
  if (!env().DATABASE_URL) {
    console.error("worker: DATABASE_URL is required (the embedded database belongs to the console process)");
    process.exit(2);
  }
  if (env().AZURE_MODE === "simulator" && !env().ARM_SIMULATOR_URL) {
    // An embedded simulator here would be a second, separate "cloud" from the console's.
    console.error("worker: set ARM_SIMULATOR_URL to the shared simulator (npm run sim), or AZURE_MODE=azure");
    process.exit(2);
  }
  const services = await getServices();
  log.info("worker running", { id: services.worker.deps.workerId });
  const stop = async (signal: string) => {
    log.info("worker stopping", { signal });
    await services.worker.stop({ graceful: true, timeoutMs: 20_000 });
    await services.simulator?.stop();
    await services.handle.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
