import type {
  ApplicationGateway,
  ApplicationGatewayBackendAddressPool,
  ApplicationGatewayBackendHttpSettings,
  ApplicationGatewayHttpListener,
  ApplicationGatewayProbe,
  ApplicationGatewayRequestRoutingRule,
} from "@azure/arm-network";
import { nameFromId, parseArmId } from "../ids";
import type { AgwEntries, AgwHandle, ApplicationGatewayView, AzureGateway } from "../types";
import type { ArmContext } from "./context";

type AgwOps = Pick<
  AzureGateway,
  "getApplicationGateway" | "putApplicationGateway" | "createApplicationGateway" | "getBackendHealth"
>;

/** The raw SDK object as read; entries we do not edit and unknown properties ride along untouched. */
interface RawHandle extends AgwHandle {
  resourceGroup: string;
  name: string;
  raw: ApplicationGateway;
}

const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
const ref = (id: string | undefined) => (id ? { id } : undefined);

function mergeByName<T extends { name?: string }, U extends { name: string }>(
  raw: T[] | undefined,
  next: U[],
  apply: (base: T | undefined, e: U) => T,
): T[] {
  return next.map((e) =>
    apply(
      raw?.find((r) => same(r.name, e.name)),
      e,
    ),
  );
}

export function mergeEntries(raw: ApplicationGateway, entries: AgwEntries): ApplicationGateway {
  const out: ApplicationGateway = { ...raw };
  out.backendAddressPools = mergeByName<
    ApplicationGatewayBackendAddressPool,
    AgwEntries["backendAddressPools"][number]
  >(raw.backendAddressPools, entries.backendAddressPools, (base, e) => ({
    ...base,
    name: e.name,
    backendAddresses: e.addresses.map((a) => (a.fqdn ? { fqdn: a.fqdn } : { ipAddress: a.ipAddress })),
  }));
  out.backendHttpSettingsCollection = mergeByName<
    ApplicationGatewayBackendHttpSettings,
    AgwEntries["backendHttpSettings"][number]
  >(raw.backendHttpSettingsCollection, entries.backendHttpSettings, (base, e) => ({
    ...base,
    name: e.name,
    port: e.port,
    protocol: e.protocol,
    cookieBasedAffinity: e.cookieBasedAffinity,
    requestTimeout: e.requestTimeoutSeconds ?? base?.requestTimeout ?? 30,
    hostName: e.hostName,
    probe: ref(e.probeId),
  }));
  out.httpListeners = mergeByName<ApplicationGatewayHttpListener, AgwEntries["httpListeners"][number]>(
    raw.httpListeners,
    entries.httpListeners,
    (base, e) => {
      const single =
        e.hostNames.length === 1 && (base === undefined || base.hostName !== undefined || !base.hostNames?.length);
      return {
        ...base,
        name: e.name,
        protocol: e.protocol,
        frontendIPConfiguration: { id: e.frontendIpConfigurationId },
        frontendPort: { id: e.frontendPortId },
        hostName: single ? e.hostNames[0] : undefined,
        hostNames: !single && e.hostNames.length > 0 ? e.hostNames : undefined,
      };
    },
  );
  out.requestRoutingRules = mergeByName<
    ApplicationGatewayRequestRoutingRule,
    AgwEntries["requestRoutingRules"][number]
  >(raw.requestRoutingRules, entries.requestRoutingRules, (base, e) => ({
    ...base,
    name: e.name,
    ruleType: e.ruleType,
    priority: e.priority,
    httpListener: { id: e.httpListenerId },
    backendAddressPool: ref(e.backendAddressPoolId),
    backendHttpSettings: ref(e.backendHttpSettingsId),
  }));
  if (entries.probes) {
    out.probes = mergeByName<ApplicationGatewayProbe, NonNullable<AgwEntries["probes"]>[number]>(
      raw.probes,
      entries.probes,
      (base, e) => ({
        ...base,
        name: e.name,
        protocol: e.protocol,
        host: e.host,
        pickHostNameFromBackendHttpSettings: e.pickHostNameFromBackendHttpSettings,
        path: e.path,
        interval: e.interval,
        timeout: e.timeout,
        unhealthyThreshold: e.unhealthyThreshold,
        match: e.statusCodes ? { ...base?.match, statusCodes: [...e.statusCodes] } : base?.match,
      }),
    );
  }
  return out;
}

const PROBE_PROTOCOLS = ["Http", "Https", "Tcp", "Tls"] as const;
const probeProtocol = (p: string | undefined) => PROBE_PROTOCOLS.find((x) => x === p) ?? "Http";

export function toView(raw: ApplicationGateway): ApplicationGatewayView {
  const handle: RawHandle = {
    __agwHandle: true,
    resourceGroup: parseArmId(raw.id ?? "")?.resourceGroup ?? "",
    name: raw.name ?? "",
    raw: structuredClone(raw),
  };
  return {
    id: raw.id ?? "",
    name: raw.name ?? "",
    resourceGroup: handle.resourceGroup,
    location: raw.location ?? "",
    provisioningState: raw.provisioningState,
    operationalState: raw.operationalState,
    skuName: raw.sku?.name,
    frontendIpConfigurations: (raw.frontendIPConfigurations ?? []).map((f) => ({
      id: f.id ?? "",
      name: f.name ?? "",
      publicIpAddressId: f.publicIPAddress?.id,
    })),
    frontendPorts: (raw.frontendPorts ?? []).map((p) => ({ id: p.id ?? "", name: p.name ?? "", port: p.port })),
    backendAddressPools: (raw.backendAddressPools ?? []).map((p) => ({
      name: p.name ?? "",
      addresses: (p.backendAddresses ?? []).map((a) => (a.fqdn ? { fqdn: a.fqdn } : { ipAddress: a.ipAddress })),
    })),
    backendHttpSettings: (raw.backendHttpSettingsCollection ?? []).map((s) => ({
      name: s.name ?? "",
      port: s.port ?? 80,
      protocol: s.protocol === "Https" ? "Https" : "Http",
      cookieBasedAffinity: s.cookieBasedAffinity === "Enabled" ? "Enabled" : "Disabled",
      requestTimeoutSeconds: s.requestTimeout,
      hostName: s.hostName,
      probeId: s.probe?.id,
    })),
    httpListeners: (raw.httpListeners ?? []).map((l) => ({
      name: l.name ?? "",
      frontendIpConfigurationId: l.frontendIPConfiguration?.id ?? "",
      frontendPortId: l.frontendPort?.id ?? "",
      protocol: l.protocol === "Https" ? "Https" : "Http",
      hostNames: l.hostNames?.length ? [...l.hostNames] : l.hostName ? [l.hostName] : [],
    })),
    requestRoutingRules: (raw.requestRoutingRules ?? []).map((r) => ({
      name: r.name ?? "",
      ruleType: r.ruleType === "PathBasedRouting" ? "PathBasedRouting" : "Basic",
      priority: r.priority,
      httpListenerId: r.httpListener?.id ?? "",
      backendAddressPoolId: r.backendAddressPool?.id,
      backendHttpSettingsId: r.backendHttpSettings?.id,
    })),
    probes: (raw.probes ?? []).map((p) => ({
      name: p.name ?? "",
      protocol: probeProtocol(p.protocol),
      host: p.host,
      pickHostNameFromBackendHttpSettings: p.pickHostNameFromBackendHttpSettings,
      path: p.path,
      interval: p.interval,
      timeout: p.timeout,
      unhealthyThreshold: p.unhealthyThreshold,
      statusCodes: p.match?.statusCodes ? [...p.match.statusCodes] : undefined,
    })),
    handle,
  };
}

export function agwOps(ctx: ArmContext): AgwOps {
  const { network } = ctx.clients;
  const put = async (rg: string, name: string, body: ApplicationGateway, opts?: Parameters<ArmContext["lro"]>[0]) =>
    toView(
      await ctx.run(`applicationGateways.createOrUpdate ${name}`, () =>
        network.applicationGateways.createOrUpdate(rg, name, body, ctx.lro(opts)),
      ),
    );
  return {
    getApplicationGateway: async (rg, name, opts) => {
      const raw = await ctx.find(`applicationGateways.get ${name}`, () =>
        network.applicationGateways.get(rg, name, ctx.call(opts)),
      );
      return raw && toView(raw);
    },
    putApplicationGateway: async (handle, entries, opts) => {
      const h = handle as RawHandle; // safe because handles only come from toView above
      return put(h.resourceGroup, h.name, mergeEntries(h.raw, entries), opts);
    },
    createApplicationGateway: async (rg, name, spec, opts) => {
      const sku = spec.skuName ?? "Standard_v2";
      const raw: ApplicationGateway = {
        location: spec.location,
        tags: spec.tags,
        sku: { name: sku, tier: sku, capacity: spec.capacity ?? 2 },
        gatewayIPConfigurations: [{ name: "appGatewayIpConfig", subnet: { id: spec.subnetId } }],
        frontendIPConfigurations: [
          {
            name: spec.frontendIpConfigurationName ?? "appGwPublicFrontendIp",
            publicIPAddress: { id: spec.publicIpAddressId },
          },
        ],
        frontendPorts: [{ name: spec.frontendPortName ?? "port_80", port: spec.frontendPort ?? 80 }],
      };
      return put(rg, name, mergeEntries(raw, spec.entries), opts);
    },
    getBackendHealth: async (rg, name, opts) => {
      const health = await ctx.run(`applicationGateways.backendHealth ${name}`, () =>
        network.applicationGateways.backendHealth(rg, name, ctx.lro(opts)),
      );
      return {
        pools: (health.backendAddressPools ?? []).map((p) => ({
          poolId: p.backendAddressPool?.id ?? "",
          poolName: nameFromId(p.backendAddressPool?.id),
          settings: (p.backendHttpSettingsCollection ?? []).map((s) => ({
            settingsId: s.backendHttpSettings?.id ?? "",
            servers: (s.servers ?? []).map((v) => ({ address: v.address ?? "", health: v.health ?? "Unknown" })),
          })),
        })),
      };
    },
  };
}
