/**
 * A spoke's desired configuration: everything the workflows need, fixed at request time and
 * stored as `spokes.desired_config`. Steps derive every Azure call from it, so a resumed or
 * retried step sends exactly the same PUT.
 */
import { createHash } from "node:crypto";
import type { PlannedSubnet } from "@/lib/network/subnet-plan";
import type { SpokeResourceNames } from "@/lib/network/resource-names";

export interface HubRef {
  resourceGroup: string;
  vnetName: string;
  gatewayName: string;
}

export interface SpokeConfig {
  spokeNumber: number;
  clientName: string;
  ownerId: string;
  location: string;
  resourceGroup: string;
  addressPrefix: string;
  subnets: PlannedSubnet[];
  names: SpokeResourceNames;
  vmSize: string;
  adminUsername: string;
  sshPublicKey: string;
  hub: HubRef;
  /** Gateway backend settings changed by an update; absent means port 80 over Http (create's). */
  routing?: SpokeRouting;
  /** The owner's tags (an update), applied to the VNet and NIC beside the console's own tags. */
  tags?: Record<string, string>;
}

export interface SpokeRouting {
  backendPort: number;
  backendProtocol: "Http" | "Https";
  /** The gateway health probe's path; absent means "/" (lib/network/gateway-entries.ts SPOKE_PROBE_PATH). */
  healthProbePath?: string;
}

/** Stable key for the hub a spoke belongs to (the `hub` column and the gateway's lease key). */
export function hubKey(hub: HubRef): string {
  return `${hub.resourceGroup}/${hub.vnetName}/${hub.gatewayName}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Hash of any JSON value, independent of key order: the config hash and step inputs hashes. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 32);
}

export function vmSubnet(config: SpokeConfig): PlannedSubnet {
  const s = config.subnets.find((x) => x.role === "vm");
  if (!s) throw new Error(`spoke ${config.spokeNumber} has no vm subnet in its plan`);
  return s;
}
