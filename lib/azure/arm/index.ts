import type { AzureGateway } from "../types";
import { agwOps } from "./agw-ops";
import { createArmClients, type ArmClientConfig } from "./clients";
import { computeDay2Ops } from "./compute-day2-ops";
import { computeOps } from "./compute-ops";
import { ArmContext } from "./context";
import { networkOps } from "./network-ops";

export type { ArmClientConfig, HttpRetrySettings } from "./clients";

/** AzureGateway over the real ARM SDKs (simulator or Azure: only endpoint and credential differ). */
export function createArmGateway(config: ArmClientConfig & { defaultPollIntervalMs?: number }): AzureGateway {
  const ctx = new ArmContext(createArmClients(config), config.subscriptionId, config.defaultPollIntervalMs ?? 2000);
  return {
    subscriptionId: config.subscriptionId,
    ...networkOps(ctx),
    ...computeOps(ctx),
    ...computeDay2Ops(ctx),
    ...agwOps(ctx),
  };
}
