/**
 * A worker in its own process, for the crash test: the same database as the test, the test's
 * standalone simulator over HTTPS, real queue. The test SIGKILLs it mid-step and starts another.
 * Run with tsx; the one argument is JSON (CrashWorkerArgs). Prints "ready" once it takes jobs.
 */
import { openDatabase } from "@/db/client";
import { createAzureGateway } from "@/lib/azure";
import { startWorker } from "../worker";

export interface CrashWorkerArgs {
  databaseUrl: string;
  simUrl: string;
  caPem: string;
  subscriptionId: string;
  timeScale: number;
  workerId: string;
  /** pg-boss options shared by every process on the queue (the job's heartbeat is set when it is sent). */
  queue: { heartbeatSeconds: number; superviseIntervalSeconds: number; retryDelaySeconds: number };
}

async function main() {
  const args = JSON.parse(process.argv[2] ?? "{}") as CrashWorkerArgs;
  const handle = await openDatabase({ databaseUrl: args.databaseUrl });
  const azure = createAzureGateway({
    mode: "simulator",
    endpoint: args.simUrl,
    caPem: args.caPem,
    subscriptionId: args.subscriptionId,
    defaultPollIntervalMs: 5,
    httpRetry: { maxRetries: 0, retryDelayInMs: 5, maxRetryDelayInMs: 50 },
  });
  const worker = await startWorker({
    handle,
    azure,
    enableRollback: true,
    timeScale: args.timeScale,
    pollIntervalMs: 5,
    concurrency: 4,
    workerId: args.workerId,
    queue: args.queue,
  });
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => {
    void worker
      .stop({ graceful: false, timeoutMs: 2_000 })
      .finally(() => handle.close().finally(() => process.exit(0)));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
