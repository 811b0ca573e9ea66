import { requiresRulePriority } from "../api-versions";
import { badRequest, invalidReference } from "../errors";
import { asArray, asObject, asString, clone } from "../http";
import type { SimContext } from "../context";
import type { JsonObject } from "../types";
import { TYPES, newEtag, refId } from "./common";
import { ipConfigIds, lookupSubnet } from "./vnet-model";

/** Every array of named sub-resources inside an Application Gateway's properties. */
export const AGW_COLLECTIONS = [
  "gatewayIPConfigurations",
  "authenticationCertificates",
  "trustedRootCertificates",
  "trustedClientCertificates",
  "sslCertificates",
  "frontendIPConfigurations",
  "frontendPorts",
  "probes",
  "backendAddressPools",
  "backendHttpSettingsCollection",
  "backendSettingsCollection",
  "httpListeners",
  "listeners",
  "sslProfiles",
  "urlPathMaps",
  "requestRoutingRules",
  "routingRules",
  "rewriteRuleSets",
  "redirectConfigurations",
  "privateLinkConfigurations",
  "loadDistributionPolicies",
] as const;

function entries(p: JsonObject, collection: string): JsonObject[] {
  return asArray(p[collection]).map((e) => asObject(e));
}

/** Gives every sub-resource its canonical id, type, etag and provisioningState. */
function normalise(agwId: string, p: JsonObject): void {
  for (const collection of AGW_COLLECTIONS) {
    if (p[collection] === undefined) continue;
    const seen = new Set<string>();
    p[collection] = entries(p, collection).map((e) => {
      const name = asString(e.name);
      if (!name)
        throw badRequest(
          "InvalidRequestFormat",
          `Cannot parse the request: every entry of ${collection} needs a name.`,
        );
      if (seen.has(name.toLowerCase()))
        throw badRequest(
          "DuplicateResourceName",
          `Application gateway ${agwId} has two child resources of type ${collection} with the same name ${name}.`,
        );
      seen.add(name.toLowerCase());
      const props = { ...asObject(e.properties), provisioningState: "Succeeded" };
      return {
        ...e,
        name,
        id: `${agwId}/${collection}/${name}`,
        etag: newEtag(),
        type: `${TYPES.agw}/${collection}`,
        properties: props,
      };
    });
  }
}

function checkRefs(agwId: string, p: JsonObject): void {
  const ids = new Set<string>();
  for (const collection of AGW_COLLECTIONS) for (const e of entries(p, collection)) ids.add(String(e.id).toLowerCase());
  const must = (owner: JsonObject, field: string) => {
    const id = refId(asObject(owner.properties)[field]);
    if (id && id.toLowerCase().startsWith(`${agwId.toLowerCase()}/`) && !ids.has(id.toLowerCase())) {
      throw invalidReference(id, String(owner.id));
    }
  };
  for (const l of entries(p, "httpListeners"))
    ["frontendIPConfiguration", "frontendPort", "sslCertificate", "sslProfile"].forEach((f) => must(l, f));
  for (const r of entries(p, "requestRoutingRules"))
    [
      "httpListener",
      "backendAddressPool",
      "backendHttpSettings",
      "urlPathMap",
      "redirectConfiguration",
      "rewriteRuleSet",
    ].forEach((f) => must(r, f));
  for (const s of entries(p, "backendHttpSettingsCollection")) must(s, "probe");
}

/**
 * Custom probes (ApplicationGatewayProbe): the path must start with "/" (ApplicationGatewayProbePathIsInvalid,
 * Azure's message as quoted in Azure/application-gateway-kubernetes-ingress#1167); interval and timeout
 * 1–86400 s and unhealthyThreshold 1–20 as the network SDK model documents them. Azure's codes for the
 * range errors are not published: the ones below are modelled on its naming.
 */
function checkProbes(p: JsonObject): void {
  const range = (probe: JsonObject, field: string, max: number, code: string, unit: string) => {
    const value = asObject(probe.properties)[field];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
      throw badRequest(
        code,
        `Probe ${String(probe.id)} has ${field} ${JSON.stringify(value)}; acceptable values are from 1 to ${max}${unit}.`,
      );
    }
  };
  for (const probe of entries(p, "probes")) {
    const pp = asObject(probe.properties);
    const protocol = asString(pp.protocol);
    if (!protocol || !["Http", "Https", "Tcp", "Tls"].includes(protocol)) {
      throw badRequest(
        "InvalidRequestFormat",
        `Cannot parse the request: probe ${String(probe.id)} needs a protocol of Http, Https, Tcp or Tls.`,
      );
    }
    const path = pp.path;
    if ((protocol === "Http" || protocol === "Https") && (typeof path !== "string" || !path.startsWith("/"))) {
      throw badRequest(
        "ApplicationGatewayProbePathIsInvalid",
        `Path specified for Probe ${String(probe.id)} is not valid. Path must start with a forward slash (/) and meet the format requirements.`,
      );
    }
    range(probe, "interval", 86_400, "ApplicationGatewayProbeIntervalOutOfRange", " seconds");
    range(probe, "timeout", 86_400, "ApplicationGatewayProbeTimeoutOutOfRange", " seconds");
    range(probe, "unhealthyThreshold", 20, "ApplicationGatewayProbeUnhealthyThresholdOutOfRange", "");
  }
}

function checkPools(p: JsonObject): void {
  for (const pool of entries(p, "backendAddressPools")) {
    for (const a of asArray(asObject(pool.properties).backendAddresses)) {
      const addr = asObject(a);
      if (typeof a !== "object" || (!asString(addr.ipAddress) && !asString(addr.fqdn))) {
        throw badRequest(
          "InvalidRequestFormat",
          `Cannot parse the request: backendAddresses of ${String(pool.id)} must be objects with ipAddress or fqdn.`,
        );
      }
    }
  }
}

function checkListeners(p: JsonObject): void {
  const seen = new Map<string, string>();
  for (const l of entries(p, "httpListeners")) {
    const lp = asObject(l.properties);
    const hosts = [asString(lp.hostName), ...asArray(lp.hostNames).map((h) => asString(h))]
      .filter((h): h is string => !!h)
      .map((h) => h.toLowerCase());
    const base = `${refId(lp.frontendIPConfiguration)?.toLowerCase()}|${refId(lp.frontendPort)?.toLowerCase()}`;
    for (const host of hosts.length ? hosts : [""]) {
      const key = `${base}|${host}`;
      const other = seen.get(key);
      if (other)
        throw badRequest(
          "ApplicationGatewayHttpListenersUsingSameFrontendPortAndFrontendIpConfig",
          `Two Http Listeners of Application Gateway ${String(l.id).split("/httpListeners/")[0]} are using the same Frontend Port ${refId(lp.frontendPort)} and FrontendIpConfiguration ${refId(lp.frontendIPConfiguration)}${host ? ` and host name ${host}` : ""} (${other}, ${String(l.id)}).`,
        );
      seen.set(key, String(l.id));
    }
  }
}

/**
 * Azure's entry limits (ARM-REFERENCE.md §5, "Entry limits"). Only the pool limit's code and
 * message are published; the others are modelled on it. A listener is active when a rule uses it.
 */
const LIMITS: readonly { collection: string; label: string; max: number; code: string }[] = [
  { collection: "backendAddressPools", label: "BackendAddressPools", max: 100, code: "BackendAddressPoolLimitReached" },
  {
    collection: "backendHttpSettingsCollection",
    label: "BackendHttpSettingsCollection",
    max: 100,
    code: "BackendHttpSettingsLimitReached",
  },
  { collection: "frontendPorts", label: "FrontendPorts", max: 100, code: "FrontendPortLimitReached" },
  { collection: "httpListeners", label: "HttpListeners", max: 200, code: "HttpListenerLimitReached" },
  { collection: "requestRoutingRules", label: "RequestRoutingRules", max: 400, code: "RequestRoutingRuleLimitReached" },
];
const MAX_ACTIVE_LISTENERS = 100;

function checkLimits(p: JsonObject): void {
  const over = (label: string, n: number, max: number, code: string) => {
    if (n > max)
      throw badRequest(
        `ApplicationGateway${code}`,
        `The number of ${label} exceeds the maximum allowed value. The number of ${label} is ${n} and the maximum allowed is ${max}.`,
      );
  };
  for (const { collection, label, max, code } of LIMITS) over(label, entries(p, collection).length, max, code);
  const used = new Set(
    entries(p, "requestRoutingRules")
      .map((r) => refId(asObject(r.properties).httpListener)?.toLowerCase())
      .filter((id): id is string => !!id),
  );
  const active = entries(p, "httpListeners").filter((l) => used.has(String(l.id).toLowerCase())).length;
  over("active HttpListeners", active, MAX_ACTIVE_LISTENERS, "ActiveListenerLimitReached");
}

function checkPriorities(p: JsonObject, isV2: boolean, apiVersion: string): void {
  if (!isV2 || !requiresRulePriority(apiVersion)) return;
  const used = new Map<number, string>();
  for (const r of entries(p, "requestRoutingRules")) {
    const pr = asObject(r.properties).priority;
    if (typeof pr !== "number") {
      throw badRequest(
        "ApplicationGatewayRequestRoutingRulePriorityCannotBeEmpty",
        `Priority for the request routing rule ${String(r.id)} cannot be empty. All request routing rules should have a priority defined starting from api-version 2021-08-01`,
      );
    }
    if (!Number.isInteger(pr) || pr < 1 || pr > 20000) {
      throw badRequest(
        "ApplicationGatewayRequestRoutingRulePriorityOutOfRange",
        `Priority ${pr} for the request routing rule ${String(r.id)} is out of range. Priority should be between 1 and 20000.`,
      );
    }
    const other = used.get(pr);
    if (other)
      throw badRequest(
        "ApplicationGatewayRequestRoutingRulesWithSamePriority",
        `Request routing rules ${other} and ${String(r.id)} have the same priority ${pr}. Priority should be unique across all request routing rules.`,
      );
    used.set(pr, String(r.id));
  }
}

function checkExternalRefs(sim: SimContext, agwId: string, p: JsonObject): void {
  const gwConfigs = entries(p, "gatewayIPConfigurations");
  if (gwConfigs.length === 0)
    throw badRequest(
      "ApplicationGatewayMustHaveGatewayIpConfiguration",
      `Application gateway ${agwId} must have a gateway IP configuration.`,
    );
  for (const g of gwConfigs) {
    const subnetId = refId(asObject(g.properties).subnet);
    const found = lookupSubnet(sim, subnetId);
    if (!found) throw invalidReference(subnetId ?? "(none)", String(g.id));
    if (
      ipConfigIds(found.subnet).some(
        (c) => !c.toLowerCase().startsWith(`${agwId.toLowerCase()}/`) && !/\/applicationGateways\//i.test(c),
      )
    ) {
      throw badRequest(
        "ApplicationGatewaySubnetCannotBeUsedByOtherResources",
        `Subnet ${subnetId} is used by other resources; the Application Gateway subnet can only contain Application Gateways.`,
      );
    }
  }
  for (const f of entries(p, "frontendIPConfigurations")) {
    const pip = refId(asObject(f.properties).publicIPAddress);
    if (pip && !sim.state.get(pip)) throw invalidReference(pip, String(f.id));
  }
}

/** Validates a whole-gateway PUT body and returns the stored properties (ARM-REFERENCE §5). */
export function validateAgw(sim: SimContext, agwId: string, body: JsonObject, apiVersion: string): JsonObject {
  const p = clone(asObject(body.properties));
  const sku = asObject(p.sku);
  const tier = asString(sku.tier) ?? "";
  if (!asString(sku.name)) throw badRequest("InvalidRequestFormat", "Cannot parse the request: sku.name is required.");
  const isV2 = /_v2$/i.test(tier) || /_v2$/i.test(asString(sku.name) ?? "");
  normalise(agwId, p);
  checkRefs(agwId, p);
  checkLimits(p);
  checkProbes(p);
  checkPools(p);
  checkListeners(p);
  checkPriorities(p, isV2, apiVersion);
  checkExternalRefs(sim, agwId, p);
  return p;
}
