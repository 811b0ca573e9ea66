/**
 * The hub bootstrap's step graph — keys and dependencies only, so the Admin page can draw the
 * steps before a run starts. Each step reads its resource first and creates it only if missing.
 * Client-safe.
 */
import type { DagNode } from "@/lib/orchestrator/dag";

export const HUB_STEP_KEYS = [
  "ensure_resource_group",
  "ensure_vnet",
  "ensure_hub_subnet",
  "ensure_agw_subnet",
  "ensure_public_ip",
  "ensure_gateway",
] as const;
export type HubStepKey = (typeof HUB_STEP_KEYS)[number];

/**
 * The two subnets go one after the other: Azure serialises writes to one VNet and answers a
 * concurrent subnet PUT with AnotherOperationInProgress. The public IP needs only the group.
 */
export const HUB_BOOTSTRAP_WORKFLOW: readonly (DagNode & { key: HubStepKey; dependsOn: readonly HubStepKey[] })[] = [
  { key: "ensure_resource_group", dependsOn: [] },
  { key: "ensure_vnet", dependsOn: ["ensure_resource_group"] },
  { key: "ensure_hub_subnet", dependsOn: ["ensure_vnet"] },
  { key: "ensure_agw_subnet", dependsOn: ["ensure_hub_subnet"] },
  { key: "ensure_public_ip", dependsOn: ["ensure_resource_group"] },
  { key: "ensure_gateway", dependsOn: ["ensure_agw_subnet", "ensure_public_ip"] },
];

export const HUB_STEP_LABELS: Record<HubStepKey, string> = {
  ensure_resource_group: "Resource group",
  ensure_vnet: "Hub virtual network",
  ensure_hub_subnet: "Hub subnet",
  ensure_agw_subnet: "Application Gateway subnet",
  ensure_public_ip: "Gateway public IP",
  ensure_gateway: "Application Gateway with its defaults",
};

export const HUB_DEPLOYMENT_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type HubDeploymentStatus = (typeof HUB_DEPLOYMENT_STATUSES)[number];
