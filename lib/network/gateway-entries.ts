/**
 * The hub Application Gateway's per-spoke entries in our own shapes (ARCHITECTURE.md §7). lib/azure
 * adapts the SDK's arrays to these and back; the reconciler computes the next PUT with them.
 */
import type { AgwNames } from "./resource-names";

/**
 * `raw` belongs to the adapter: it keeps the SDK object an entry was read from, so entries we
 * leave untouched go back in the PUT exactly as Azure returned them (probes, SSL, ids …).
 */
type AdapterExtras = { readonly raw?: unknown };

export type AgwPool = AdapterExtras & { name: string; ipAddresses: string[] };
export type AgwHttpSettings = AdapterExtras & {
  name: string;
  port: number;
  protocol: "Http" | "Https";
  cookieBasedAffinity: "Enabled" | "Disabled";
  /** Seconds. */
  requestTimeout: number;
};
export type AgwListener = AdapterExtras & {
  name: string;
  frontendIpConfigurationName: string;
  frontendPortName: string;
  protocol: "Http" | "Https";
  /** Null for a basic (catch-all) listener such as the hub's default. */
  hostName: string | null;
};
export type AgwRule = AdapterExtras & {
  name: string;
  /** Hand-made rules may be path-based; ours are always Basic. */
  ruleType: "Basic" | "PathBasedRouting";
  priority: number;
  listenerName: string;
  backendPoolName: string;
  backendHttpSettingsName: string;
};

export const AGW_ENTRY_KINDS = ["backendPools", "backendHttpSettings", "listeners", "rules"] as const;
export type AgwEntryKind = (typeof AGW_ENTRY_KINDS)[number];

export type AgwEntries = {
  backendPools: AgwPool[];
  backendHttpSettings: AgwHttpSettings[];
  listeners: AgwListener[];
  rules: AgwRule[];
};

export type OwnedGatewayNames = Record<AgwEntryKind, ReadonlySet<string>>;

/** One spoke's wish for the gateway, as stored in Postgres. */
export type SpokeGatewayEntry = {
  clientName: string;
  spokeNumber: number;
  /** The NIC's private IP; null leaves the pool empty (listener and rule still routed). */
  backendIp: string | null;
  names: Pick<AgwNames, "backendPool" | "httpSettings" | "listener" | "routingRule" | "priority" | "hostName">;
  /** Backend port and protocol set by an update; absent means SPOKE_BACKEND_PORT over Http. */
  backend?: { port: number; protocol: "Http" | "Https" };
};

/** The hub's shared frontend: public IP configuration and port 80 (ARCHITECTURE.md §1). */
export type GatewayFrontend = { frontendIpConfigurationName: string; frontendPortName: string };

export const SPOKE_BACKEND_PORT = 80;
export const SPOKE_REQUEST_TIMEOUT_SECONDS = 30;

export function emptyAgwEntries(): AgwEntries {
  return { backendPools: [], backendHttpSettings: [], listeners: [], rules: [] };
}

export function desiredEntriesForSpoke(spoke: SpokeGatewayEntry, frontend: GatewayFrontend): AgwEntries {
  const { names } = spoke;
  return {
    backendPools: [{ name: names.backendPool, ipAddresses: spoke.backendIp ? [spoke.backendIp] : [] }],
    backendHttpSettings: [
      {
        name: names.httpSettings,
        port: spoke.backend?.port ?? SPOKE_BACKEND_PORT,
        protocol: spoke.backend?.protocol ?? "Http",
        cookieBasedAffinity: "Disabled",
        requestTimeout: SPOKE_REQUEST_TIMEOUT_SECONDS,
      },
    ],
    listeners: [
      {
        name: names.listener,
        frontendIpConfigurationName: frontend.frontendIpConfigurationName,
        frontendPortName: frontend.frontendPortName,
        protocol: "Http",
        hostName: names.hostName,
      },
    ],
    rules: [
      {
        name: names.routingRule,
        ruleType: "Basic",
        priority: names.priority,
        listenerName: names.listener,
        backendPoolName: names.backendPool,
        backendHttpSettingsName: names.httpSettings,
      },
    ],
  };
}

/** All spokes' entries, in spoke-number order so the PUT body is stable between runs. */
export function desiredGatewayEntries(spokes: readonly SpokeGatewayEntry[], frontend: GatewayFrontend): AgwEntries {
  const result = emptyAgwEntries();
  const ordered = [...spokes].sort((a, b) => a.spokeNumber - b.spokeNumber);
  for (const spoke of ordered) {
    const entries = desiredEntriesForSpoke(spoke, frontend);
    result.backendPools.push(...entries.backendPools);
    result.backendHttpSettings.push(...entries.backendHttpSettings);
    result.listeners.push(...entries.listeners);
    result.rules.push(...entries.rules);
  }
  return result;
}

/**
 * Names the product owns: those of every spoke it knows, including spokes being removed.
 * Ownership is by recorded name, never by pattern: a hand-made `marketing-pool` looks like ours.
 */
export function ownedGatewayNames(spokes: readonly Pick<SpokeGatewayEntry, "names">[]): OwnedGatewayNames {
  return {
    backendPools: new Set(spokes.map((s) => s.names.backendPool)),
    backendHttpSettings: new Set(spokes.map((s) => s.names.httpSettings)),
    listeners: new Set(spokes.map((s) => s.names.listener)),
    rules: new Set(spokes.map((s) => s.names.routingRule)),
  };
}
