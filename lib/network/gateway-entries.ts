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
  /** The custom health probe these settings use; null or absent: the gateway's default probe. */
  probeName?: string | null;
};
/** An `ApplicationGatewayProbe` (ARM-REFERENCE §5): how the gateway checks the backend's health. */
export type AgwProbe = AdapterExtras & {
  name: string;
  protocol: "Http" | "Https";
  /** Host header of the probe; null when picked from the backend HTTP settings. */
  host: string | null;
  pickHostNameFromBackendHttpSettings: boolean;
  /** Starts with "/". */
  path: string;
  /** Seconds, 1–86400. */
  interval: number;
  /** Seconds, 1–86400. */
  timeout: number;
  /** Consecutive failures before a server is Down, 1–20. */
  unhealthyThreshold: number;
  /** Healthy status code ranges (Azure's default is 200-399). */
  statusCodes: string[];
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

export const AGW_ENTRY_KINDS = ["backendPools", "backendHttpSettings", "listeners", "rules", "probes"] as const;
export type AgwEntryKind = (typeof AGW_ENTRY_KINDS)[number];

export type AgwEntries = {
  backendPools: AgwPool[];
  backendHttpSettings: AgwHttpSettings[];
  listeners: AgwListener[];
  rules: AgwRule[];
  probes: AgwProbe[];
};

export type OwnedGatewayNames = Record<AgwEntryKind, ReadonlySet<string>>;

/** One spoke's wish for the gateway, as stored in Postgres. */
export type SpokeGatewayEntry = {
  clientName: string;
  spokeNumber: number;
  /** The NIC's private IP; null leaves the pool empty (listener and rule still routed). */
  backendIp: string | null;
  /** `probe` is absent for spokes recorded before health probes existed: they keep the default probe. */
  names: Pick<AgwNames, "backendPool" | "httpSettings" | "listener" | "routingRule" | "priority" | "hostName"> & {
    probe?: string;
  };
  /** Backend port and protocol set by an update; absent means SPOKE_BACKEND_PORT over Http. */
  backend?: { port: number; protocol: "Http" | "Https" };
  /** The health probe's path (create or update); absent means SPOKE_PROBE_PATH. */
  probePath?: string;
};

/** The hub's shared frontend: public IP configuration and port 80 (ARCHITECTURE.md §1). */
export type GatewayFrontend = { frontendIpConfigurationName: string; frontendPortName: string };

export const SPOKE_BACKEND_PORT = 80;
export const SPOKE_REQUEST_TIMEOUT_SECONDS = 30;
/** The spoke probe's defaults are Azure's own for a custom probe (interval 30 s, timeout 30 s, 3 failures, 200-399). */
export const SPOKE_PROBE_PATH = "/";
export const SPOKE_PROBE = { interval: 30, timeout: 30, unhealthyThreshold: 3, statusCodes: ["200-399"] } as const;
/**
 * The probe's Host header. Our backends are addressed by IP and serve any host, so the probe uses
 * the same host as Azure's default probe (127.0.0.1) and a listener host change leaves it alone.
 */
export const SPOKE_PROBE_HOST = "127.0.0.1";

export function emptyAgwEntries(): AgwEntries {
  return { backendPools: [], backendHttpSettings: [], listeners: [], rules: [], probes: [] };
}

export function desiredEntriesForSpoke(spoke: SpokeGatewayEntry, frontend: GatewayFrontend): AgwEntries {
  const { names } = spoke;
  const protocol = spoke.backend?.protocol ?? "Http";
  return {
    backendPools: [{ name: names.backendPool, ipAddresses: spoke.backendIp ? [spoke.backendIp] : [] }],
    backendHttpSettings: [
      {
        name: names.httpSettings,
        port: spoke.backend?.port ?? SPOKE_BACKEND_PORT,
        protocol,
        cookieBasedAffinity: "Disabled",
        requestTimeout: SPOKE_REQUEST_TIMEOUT_SECONDS,
        probeName: names.probe ?? null,
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
    probes: names.probe
      ? [
          {
            name: names.probe,
            // Azure refuses a probe whose protocol differs from the settings that use it.
            protocol,
            host: SPOKE_PROBE_HOST,
            pickHostNameFromBackendHttpSettings: false,
            path: spoke.probePath ?? SPOKE_PROBE_PATH,
            interval: SPOKE_PROBE.interval,
            timeout: SPOKE_PROBE.timeout,
            unhealthyThreshold: SPOKE_PROBE.unhealthyThreshold,
            statusCodes: [...SPOKE_PROBE.statusCodes],
          },
        ]
      : [],
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
    result.probes.push(...entries.probes);
  }
  return result;
}

/**
 * Names the product owns: those of every spoke it knows, including spokes being removed.
 * Ownership is by recorded name, never by pattern: a hand-made `marketing-pool` looks like ours.
 */
export function ownedGatewayNames(spokes: readonly Pick<SpokeGatewayEntry, "names">[]): OwnedGatewayNames {
  return {
    probes: new Set(spokes.flatMap((s) => (s.names.probe ? [s.names.probe] : []))),
    backendPools: new Set(spokes.map((s) => s.names.backendPool)),
    backendHttpSettings: new Set(spokes.map((s) => s.names.httpSettings)),
    listeners: new Set(spokes.map((s) => s.names.listener)),
    rules: new Set(spokes.map((s) => s.names.routingRule)),
  };
}
