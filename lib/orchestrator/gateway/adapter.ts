/**
 * Converts between lib/azure's gateway view (ids) and lib/network's entries (names), so the
 * diff works on names and the PUT references sub-resources by typed ids.
 */
import { armIds, nameFromId, nameFromIdOrNull, type AgwCollection } from "@/lib/azure/ids";
import type { AgwEntries as AzureEntries, ApplicationGatewayView } from "@/lib/azure/types";
import type { AgwEntries, GatewayFrontend } from "@/lib/network/gateway-entries";

export function fromAzure(gw: ApplicationGatewayView): AgwEntries {
  return {
    backendPools: gw.backendAddressPools.map((p) => ({
      name: p.name,
      ipAddresses: p.addresses.map((a) => a.ipAddress ?? a.fqdn ?? "").filter(Boolean),
      raw: p,
    })),
    backendHttpSettings: gw.backendHttpSettings.map((s) => ({
      name: s.name,
      port: s.port,
      protocol: s.protocol,
      cookieBasedAffinity: s.cookieBasedAffinity,
      requestTimeout: s.requestTimeoutSeconds ?? 30,
      probeName: nameFromIdOrNull(s.probeId),
      raw: s,
    })),
    listeners: gw.httpListeners.map((l) => ({
      name: l.name,
      frontendIpConfigurationName: nameFromId(l.frontendIpConfigurationId),
      frontendPortName: nameFromId(l.frontendPortId),
      protocol: l.protocol,
      hostName: l.hostNames[0] ?? null,
      raw: l,
    })),
    rules: gw.requestRoutingRules.map((r) => ({
      name: r.name,
      ruleType: r.ruleType,
      priority: r.priority ?? 0,
      listenerName: nameFromId(r.httpListenerId),
      backendPoolName: nameFromId(r.backendAddressPoolId),
      backendHttpSettingsName: nameFromId(r.backendHttpSettingsId),
      raw: r,
    })),
    // Tcp/Tls probes (v2 TLS proxy) are never ours; they are kept as read through `raw`.
    probes: gw.probes.map((p) => ({
      name: p.name,
      protocol: p.protocol === "Https" ? "Https" : "Http",
      host: p.host ?? null,
      pickHostNameFromBackendHttpSettings: p.pickHostNameFromBackendHttpSettings ?? false,
      path: p.path ?? "/",
      interval: p.interval ?? 30,
      timeout: p.timeout ?? 30,
      unhealthyThreshold: p.unhealthyThreshold ?? 3,
      statusCodes: p.statusCodes ?? [],
      raw: p,
    })),
  };
}

/** Entries read from Azure go back as read (`raw`); ours are built with typed ids. */
export function toAzure(gw: ApplicationGatewayView, entries: AgwEntries): AzureEntries {
  const child = (collection: AgwCollection, name: string) => armIds.agwChild(gw.id, collection, name);
  const keep = <T>(raw: unknown): T | undefined => raw as T | undefined; // safe because `raw` is only ever set by fromAzure
  return {
    backendAddressPools: entries.backendPools.map((p) => ({
      ...keep<AzureEntries["backendAddressPools"][number]>(p.raw),
      name: p.name,
      addresses: p.ipAddresses.map((ipAddress) => ({ ipAddress })),
    })),
    backendHttpSettings: entries.backendHttpSettings.map((s) => ({
      ...keep<AzureEntries["backendHttpSettings"][number]>(s.raw),
      name: s.name,
      port: s.port,
      protocol: s.protocol,
      cookieBasedAffinity: s.cookieBasedAffinity,
      requestTimeoutSeconds: s.requestTimeout,
      probeId: s.probeName ? child("probes", s.probeName) : undefined,
    })),
    httpListeners: entries.listeners.map((l) => ({
      ...keep<AzureEntries["httpListeners"][number]>(l.raw),
      name: l.name,
      frontendIpConfigurationId: child("frontendIPConfigurations", l.frontendIpConfigurationName),
      frontendPortId: child("frontendPorts", l.frontendPortName),
      protocol: l.protocol,
      hostNames: l.hostName ? [l.hostName] : [],
    })),
    requestRoutingRules: entries.rules.map((r) => ({
      ...keep<AzureEntries["requestRoutingRules"][number]>(r.raw),
      name: r.name,
      ruleType: r.ruleType,
      priority: r.priority,
      httpListenerId: child("httpListeners", r.listenerName),
      backendAddressPoolId: r.backendPoolName ? child("backendAddressPools", r.backendPoolName) : undefined,
      backendHttpSettingsId: r.backendHttpSettingsName
        ? child("backendHttpSettingsCollection", r.backendHttpSettingsName)
        : undefined,
    })),
    probes: entries.probes.map((p) => {
      const kept = keep<NonNullable<AzureEntries["probes"]>[number]>(p.raw);
      // A probe read from Azure and left untouched goes back exactly as read (Tcp/Tls included).
      if (kept && kept.name === p.name && sameProbe(p, kept)) return kept;
      return {
        ...kept,
        name: p.name,
        protocol: p.protocol,
        host: p.host ?? undefined,
        pickHostNameFromBackendHttpSettings: p.pickHostNameFromBackendHttpSettings,
        path: p.path,
        interval: p.interval,
        timeout: p.timeout,
        unhealthyThreshold: p.unhealthyThreshold,
        statusCodes: [...p.statusCodes],
      };
    }),
  };
}

type AzureProbe = NonNullable<AzureEntries["probes"]>[number];

function sameProbe(p: AgwEntries["probes"][number], a: AzureProbe): boolean {
  return (
    fromAzureProbe(a) ===
    JSON.stringify([
      p.protocol,
      p.host,
      p.pickHostNameFromBackendHttpSettings,
      p.path,
      p.interval,
      p.timeout,
      p.unhealthyThreshold,
      p.statusCodes,
    ])
  );
}

function fromAzureProbe(a: AzureProbe): string {
  return JSON.stringify([
    a.protocol === "Https" ? "Https" : "Http",
    a.host ?? null,
    a.pickHostNameFromBackendHttpSettings ?? false,
    a.path ?? "/",
    a.interval ?? 30,
    a.timeout ?? 30,
    a.unhealthyThreshold ?? 3,
    a.statusCodes ?? [],
  ]);
}

/** Spoke listeners share the hub's public frontend on port 80 (ARCHITECTURE.md §1). */
export function frontendOf(gw: ApplicationGatewayView): GatewayFrontend {
  const ip = gw.frontendIpConfigurations.find((f) => f.publicIpAddressId) ?? gw.frontendIpConfigurations[0];
  const port = gw.frontendPorts.find((p) => p.port === 80);
  if (!ip || !port) throw new Error(`gateway ${gw.name} has no public frontend on port 80`);
  return { frontendIpConfigurationName: ip.name, frontendPortName: port.name };
}
