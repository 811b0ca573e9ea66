import { createArmGateway } from "./arm";
import type { HttpRetrySettings } from "./arm";
import type { BudgetOptions } from "./budget";
import type { AzureGateway } from "./types";

export type { AzureGateway } from "./types";
export * from "./types";
export { AzureError, isAzureError } from "./errors";
export { armIds, nameFromId, nameFromIdOrNull, parseArmId, sameArmId, type AgwCollection, type ArmScope } from "./ids";
export { bootstrapHub, type HubSettings } from "./bootstrap-hub";
export { withArmPriority, currentArmPriority, type ArmPriority } from "./priority";

/** Plain data, built by lib/env.ts (or a test); nothing here reads process.env. */
export type AzureGatewayConfig =
  | {
      mode: "simulator";
      /** e.g. https://127.0.0.1:8443 */
      endpoint: string;
      /** The simulator's certificate (PEM), trusted for these clients only. */
      caPem: string;
      subscriptionId: string;
      defaultPollIntervalMs?: number;
      httpRetry?: HttpRetrySettings;
      /** The process's ARM request budget for this subscription (see budget.ts). */
      budget?: BudgetOptions;
    }
  | {
      mode: "azure";
      subscriptionId: string;
      /** Override for sovereign clouds; default https://management.azure.com */
      endpoint?: string;
      defaultPollIntervalMs?: number;
      httpRetry?: HttpRetrySettings;
      /** The process's ARM request budget for this subscription (see budget.ts). */
      budget?: BudgetOptions;
    };

export function createAzureGateway(config: AzureGatewayConfig): AzureGateway {
  return createArmGateway(config);
}
