/**
 * `health_probe_path` in the update's target configuration (pure): recorded only when it differs
 * from the default "/", and a spoke recorded before probes existed gets its `{client}-probe` when a
 * path is asked for (until then its settings keep the gateway's default probe).
 */
import { describe, expect, it } from "vitest";
import { stableHash, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { desiredEntriesForSpoke } from "@/lib/network/gateway-entries";
import { spokeResourceNames } from "@/lib/network/resource-names";
import { gatewayEntryFor } from "@/lib/orchestrator/steps/gateway-steps";
import { parseUpdateBody, targetConfig } from "./update-body";

function config(legacy = false): SpokeConfig {
  const names = spokeResourceNames({ spokeNumber: 4, clientName: "acme", agwBaseDomain: "spokes.example.com" });
  const { probe: _probe, ...agwWithoutProbe } = names.agw;
  return {
    spokeNumber: 4,
    clientName: "acme",
    ownerId: "u",
    location: "eastus",
    resourceGroup: "hub-rg",
    addressPrefix: "10.11.4.0/24",
    subnets: [],
    names: legacy ? { ...names, agw: agwWithoutProbe } : names,
    vmSize: "Standard_B2s",
    adminUsername: "azureuser",
    sshPublicKey: "ssh-ed25519 AAAA",
    hub: { resourceGroup: "hub-rg", vnetName: "hub-vnet", gatewayName: "hub-agw" },
  };
}
const frontend = { frontendIpConfigurationName: "fe", frontendPortName: "port_80" };
const body = (b: Record<string, unknown>) => parseUpdateBody(b);

describe("health_probe_path in the target configuration", () => {
  it("records a non-default path in routing and leaves the rest of the configuration alone", () => {
    const next = targetConfig(config(), body({ health_probe_path: "/healthz" }));
    expect(next.routing).toEqual({ backendPort: 80, backendProtocol: "Http", healthProbePath: "/healthz" });
    expect(next.names).toEqual(config().names);
    expect(desiredEntriesForSpoke(gatewayEntryFor(next, "10.11.4.4"), frontend).probes[0]).toMatchObject({
      name: "acme-probe",
      path: "/healthz",
    });
  });

  it('treats "/" on a spoke that has never changed it as no change at all', () => {
    expect(stableHash(targetConfig(config(), body({ health_probe_path: "/" })))).toBe(stableHash(config()));
  });

  it('goes back to "/" from another path', () => {
    const changed = targetConfig(config(), body({ health_probe_path: "/healthz" }));
    expect(targetConfig(changed, body({ health_probe_path: "/" })).routing).toEqual({
      backendPort: 80,
      backendProtocol: "Http",
      healthProbePath: "/",
    });
  });

  it("gives a spoke recorded before probes its {client}-probe only when a path is asked for", () => {
    const legacy = config(true);
    const untouched = desiredEntriesForSpoke(gatewayEntryFor(legacy, "10.11.4.4"), frontend);
    expect(untouched.probes).toEqual([]);
    expect(untouched.backendHttpSettings[0]?.probeName).toBeNull();
    expect(targetConfig(legacy, body({ host_name: "shop.example.com" })).names.agw.probe).toBeUndefined();
    const next = targetConfig(legacy, body({ health_probe_path: "/" }));
    expect(next.names.agw.probe).toBe("acme-probe");
    expect(next.routing).toBeUndefined();
    const entries = desiredEntriesForSpoke(gatewayEntryFor(next, "10.11.4.4"), frontend);
    expect(entries.probes.map((p) => [p.name, p.path])).toEqual([["acme-probe", "/"]]);
    expect(entries.backendHttpSettings[0]?.probeName).toBe("acme-probe");
  });

  it("refuses paths without a leading /, with a space or longer than 255 characters", () => {
    for (const path of ["healthz", "/a b", `/${"x".repeat(255)}`])
      expect(() => body({ health_probe_path: path })).toThrow(/health_probe_path/);
    expect(body({ health_probe_path: `/${"x".repeat(254)}` }).health_probe_path).toHaveLength(255);
  });
});
