import { describe, expect, it } from "vitest";
import { agwHostName, isTaggedForSpoke, spokeResourceNames, spokeTags } from "./resource-names";

describe("spokeResourceNames", () => {
  it("derives every name of the ARCHITECTURE.md §1 table with defaults", () => {
    expect(spokeResourceNames({ spokeNumber: 7, clientName: "contoso", agwBaseDomain: "spokes.example.com" })).toEqual({
      vnet: "spoke-vnet-7",
      subnets: {
        vm: "spoke-7-vm-subnet",
        db: "spoke-7-db-subnet",
        kv: "spoke-7-kv-subnet",
        workspace: "spoke-7-workspace-subnet",
      },
      vm: "spoke-vm-7",
      nic: "spoke-vm-7-nic",
      osDisk: "spoke-vm-7-osdisk",
      hubToSpokePeering: "hub-to-spoke-7",
      spokeToHubPeering: "spoke-7-to-hub",
      agw: {
        backendPool: "contoso-pool",
        httpSettings: "contoso-http",
        listener: "contoso-listener",
        routingRule: "contoso-route",
        probe: "contoso-probe",
        priority: 1007,
        hostName: "contoso.spokes.example.com",
      },
    });
  });

  it("uses a custom VM name for NIC and OS disk, and the original's AGW name overrides", () => {
    const names = spokeResourceNames({
      spokeNumber: 254,
      clientName: "fabrikam",
      agwBaseDomain: "example.net",
      vmName: "web01",
      backendPoolName: "fab-backend",
      routingRuleName: "fab-rule",
    });
    expect([names.vm, names.nic, names.osDisk]).toEqual(["web01", "web01-nic", "web01-osdisk"]);
    expect(names.agw).toMatchObject({
      backendPool: "fab-backend",
      routingRule: "fab-rule",
      listener: "fabrikam-listener",
      priority: 1254,
    });
  });

  it("treats empty overrides as absent", () => {
    const names = spokeResourceNames({
      spokeNumber: 1,
      clientName: "acme",
      agwBaseDomain: "x.io",
      vmName: "",
      backendPoolName: null,
    });
    expect([names.vm, names.agw.backendPool]).toEqual(["spoke-vm-1", "acme-pool"]);
  });

  it("does not double the dot of a base domain written with one", () => {
    expect(agwHostName("acme", ".example.com.")).toBe("acme.example.com");
  });
});

describe("spoke tags", () => {
  const tags = spokeTags({ spokeNumber: 7, clientName: "contoso", ownerId: "u-1", deploymentId: "d-1" });

  it("carries the five tags of ARCHITECTURE.md §1", () => {
    expect(tags).toEqual({
      "managed-by": "hub-spoke-console",
      "spoke-id": "7",
      "client-name": "contoso",
      owner: "u-1",
      "deployment-id": "d-1",
    });
  });

  it("recognises our resources for the right spoke only", () => {
    expect(isTaggedForSpoke(tags, 7)).toBe(true);
    expect(isTaggedForSpoke(tags, 70)).toBe(false);
    expect(isTaggedForSpoke({ ...tags, "managed-by": "someone-else" }, 7)).toBe(false);
    expect(isTaggedForSpoke(undefined, 7)).toBe(false);
  });
});
