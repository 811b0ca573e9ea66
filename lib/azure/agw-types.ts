import type { CallOptions, LroOptions, PowerState } from "./types";

/** Application Gateway entries in our own shape; the gateway merges them into the raw resource. */

export interface AgwBackendAddress {
  ipAddress?: string;
  fqdn?: string;
}

export interface AgwBackendPool {
  name: string;
  addresses: AgwBackendAddress[];
}

export interface AgwBackendHttpSettings {
  name: string;
  port: number;
  protocol: "Http" | "Https";
  cookieBasedAffinity: "Enabled" | "Disabled";
  requestTimeoutSeconds?: number;
  hostName?: string;
  probeId?: string;
}

export interface AgwHttpListener {
  name: string;
  frontendIpConfigurationId: string;
  frontendPortId: string;
  protocol: "Http" | "Https";
  /** Multi-site host names; empty = basic listener. */
  hostNames: string[];
}

/** An `ApplicationGatewayProbe`: the backend health check the settings reference by `probeId`. */
export interface AgwProbe {
  name: string;
  protocol: "Http" | "Https" | "Tcp" | "Tls";
  host?: string;
  pickHostNameFromBackendHttpSettings?: boolean;
  path?: string;
  /** Seconds. */
  interval?: number;
  /** Seconds. */
  timeout?: number;
  unhealthyThreshold?: number;
  /** Healthy status code ranges (`match.statusCodes`). */
  statusCodes?: string[];
}

export interface AgwRoutingRule {
  name: string;
  ruleType: "Basic" | "PathBasedRouting";
  priority?: number;
  httpListenerId: string;
  backendAddressPoolId?: string;
  backendHttpSettingsId?: string;
}

/** The arrays the product edits. Each is the complete new array; `probes` absent leaves the gateway's probes as they are. */
export interface AgwEntries {
  backendAddressPools: AgwBackendPool[];
  backendHttpSettings: AgwBackendHttpSettings[];
  httpListeners: AgwHttpListener[];
  requestRoutingRules: AgwRoutingRule[];
  probes?: AgwProbe[];
}

/** Opaque: the raw gateway as read; only lib/azure/arm looks inside. */
export interface AgwHandle {
  readonly __agwHandle: true;
}

export interface ApplicationGatewayView extends AgwEntries {
  probes: AgwProbe[];
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  provisioningState?: string;
  operationalState?: string;
  skuName?: string;
  frontendIpConfigurations: { id: string; name: string; publicIpAddressId?: string }[];
  frontendPorts: { id: string; name: string; port?: number }[];
  handle: AgwHandle;
}

export interface ApplicationGatewayCreateSpec {
  location: string;
  subnetId: string;
  publicIpAddressId: string;
  skuName?: "Standard_v2" | "WAF_v2";
  capacity?: number;
  frontendIpConfigurationName?: string;
  frontendPortName?: string;
  frontendPort?: number;
  tags?: Record<string, string>;
  /** Initial entries; ids inside must be built with armIds.agwChild. */
  entries: AgwEntries;
}

export type BackendHealthState = "Up" | "Down" | "Unknown" | "Partial" | "Draining" | string;

export interface BackendHealth {
  pools: {
    poolId: string;
    poolName: string;
    settings: { settingsId: string; servers: { address: string; health: BackendHealthState }[] }[];
  }[];
}

export type { CallOptions, LroOptions, PowerState };
