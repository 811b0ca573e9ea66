import type { Db } from "@/db";
import type { AzureGateway } from "@/lib/azure/types";
import type { WebhookEventType } from "@/lib/webhooks/events";

/** What the orchestrator needs from the outside world; composed in lib/runtime, or by a test. */
export interface OrchestratorDeps {
  db: Db;
  azure: AzureGateway;
  /** Ask the queue to run (or re-run) work. */
  enqueueDeployment(deploymentId: string, spokeId: string): Promise<void>;
  enqueueGatewayReconcile(hub: string): Promise<void>;
  /** Roll back failed creates (ENABLE_ROLLBACK). */
  enableRollback: boolean;
  /** LRO poll interval when Azure sends no Retry-After (tests: a few ms). */
  pollIntervalMs?: number;
  /** Multiplies our own waits (backoff, readiness polls); SIM_TIME_SCALE in simulator mode. */
  timeScale: number;
  /** Identifies this process in leases and logs. */
  workerId: string;
  /**
   * Benchmark-only: run the DAG one step at a time in topological order, as the original did,
   * so the speed-up of the parallel graph can be measured.
   */
  sequential?: boolean;
  /** Queues webhook deliveries for an event (absent: no webhooks, e.g. in most tests). */
  emitWebhook?(type: WebhookEventType, data: Record<string, unknown>): Promise<void>;
  /** Deployments running at once, database-wide (ARM_ADMISSION_LIMIT); default: from ARM's buckets (admission.ts). */
  admissionLimit?: number;
  /** How often a deployment waiting for capacity asks again (tests: a few ms). Default 1 s. */
  admissionPollMs?: number;
  /**
   * Called once an update deployment (a PATCH or a Repair) has finished and the spoke is completed
   * again, so its drift record reflects what Azure holds now (composed in lib/runtime as a drift
   * check, which emits drift.resolved when a Repair brought it back). Errors are logged, never thrown.
   */
  afterUpdate?(spokeId: string): Promise<void>;
}
