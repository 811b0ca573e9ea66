import type { Db } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import type { AzureGateway } from "@/lib/azure/types";
import type { HubConfig } from "@/lib/env";
import type { LiveConfig } from "@/lib/live/engine";
import type { LimitName } from "@/lib/rate-limit";
import type { RequestMeta } from "@/lib/request-meta";

/** What every spoke verb gets: who is asking, and the services it may use. */
export interface SpokeCtx {
  actor: Actor;
  db: Db;
  azure: AzureGateway;
  hub: HubConfig;
  enqueueDeployment(deploymentId: string, spokeId: string): Promise<void>;
  meta?: RequestMeta;
  /** Live-view cadence and clock; the process defaults (lib/env) when absent. */
  live?: LiveConfig;
  /** Per-minute rate limits overriding the settings (tests). */
  limits?: Partial<Record<LimitName, number>>;
}
