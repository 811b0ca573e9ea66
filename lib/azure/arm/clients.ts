import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import type { BudgetOptions } from "../budget";
import { armBudgetPolicy, budgetFor } from "./budget-policy";
import { armMetricsPolicy } from "./metrics-policy";
import { armErrorBodyPolicy } from "./error-body-policy";

export interface HttpRetrySettings {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

/** Plain data; lib/env.ts (or a test) builds it. */
export type ArmClientConfig =
  | {
      mode: "simulator";
      endpoint: string;
      caPem: string;
      subscriptionId: string;
      httpRetry?: HttpRetrySettings;
      budget?: BudgetOptions;
    }
  | { mode: "azure"; subscriptionId: string; endpoint?: string; httpRetry?: HttpRetrySettings; budget?: BudgetOptions };

export interface ArmClients {
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
  resources: ResourceManagementClient;
}

/** The simulator accepts any bearer token; the SDK still insists on sending one over TLS. */
const simulatorCredential: TokenCredential = {
  getToken: async () => ({ token: "simulator-token", expiresOnTimestamp: Date.now() + 3600_000 }),
};

/**
 * The only place @azure/* clients are created. Simulator mode trusts exactly the simulator's
 * certificate per client (tlsOptions.ca); TLS verification is never disabled. Every client of one
 * subscription draws from the process's one ARM request budget (budget-policy.ts).
 */
export function createArmClients(config: ArmClientConfig): ArmClients {
  const credential = config.mode === "simulator" ? simulatorCredential : new DefaultAzureCredential();
  const options = {
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.mode === "simulator" ? { tlsOptions: { ca: config.caPem } } : {}),
    ...(config.httpRetry ? { retryOptions: config.httpRetry } : {}),
  };
  const budget = budgetFor(config.endpoint ?? "https://management.azure.com", config.subscriptionId, config.budget);
  // Budget first, so the metrics policy inside it counts every request on the wire, 429s included.
  Object.assign(options, {
    additionalPolicies: [
      { policy: armBudgetPolicy(budget), position: "perRetry" as const },
      { policy: armMetricsPolicy(), position: "perRetry" as const },
      { policy: armErrorBodyPolicy(), position: "perRetry" as const },
    ],
  });
  return {
    network: new NetworkManagementClient(credential, config.subscriptionId, options),
    compute: new ComputeManagementClient(credential, config.subscriptionId, options),
    resources: new ResourceManagementClient(credential, config.subscriptionId, options),
  };
}
