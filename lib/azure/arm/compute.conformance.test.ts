import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import type { VirtualMachineSpec } from "../types";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
let key: string;
const rg = "hub-rg";
const scope = () => ({ subscriptionId: env.gateway.subscriptionId, resourceGroup: rg });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function nic(name: string): Promise<string> {
  return (
    await env.gateway.createOrUpdateNetworkInterface(rg, name, {
      location: "eastus",
      subnetId: armIds.subnet(scope(), "spoke-vnet-5", "vm"),
      tags: { "spoke-id": "5" },
    })
  ).id;
}
const vmSpec = (nicId: string, over: Partial<VirtualMachineSpec> = {}): VirtualMachineSpec => ({
  location: "eastus",
  vmSize: "Standard_B2s",
  adminUsername: "azureuser",
  sshPublicKey: key,
  networkInterfaceId: nicId,
  osDiskName: "vm-osdisk",
  customData: "#cloud-config\npackages: [nginx]\n",
  tags: { "spoke-id": "5" },
  ...over,
});

beforeAll(async () => {
  // timeScale shrinks the 180 s NIC reservation to 90 ms for the test.
  env = await startSimulatedAzure({ timeScale: 0.0005 });
  key = await testSshPublicKey();
  await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-5", {
    location: "eastus",
    addressPrefixes: ["10.11.5.0/24"],
    subnets: [{ name: "vm", addressPrefix: "10.11.5.0/26" }],
  });
});
afterAll(async () => {
  await env.stop();
});

describe("virtual machines", () => {
  it("creates a VM with its OS disk, instance view and NIC attachment", async () => {
    const nicId = await nic("vm-nic");
    const vm = await env.gateway.createOrUpdateVirtualMachine(rg, "spoke-vm-5", vmSpec(nicId));
    expect([vm.provisioningState, vm.osDiskName, vm.vmSize]).toEqual(["Succeeded", "vm-osdisk", "Standard_B2s"]);
    const got = await env.gateway.getVirtualMachine(rg, "spoke-vm-5");
    expect(got?.powerState).toBe("running");
    expect(got?.networkInterfaceIds).toEqual([nicId]);
    const disk = await env.gateway.getDisk(rg, "vm-osdisk");
    expect(disk?.managedBy?.toLowerCase()).toBe(vm.id.toLowerCase());
    expect((await env.gateway.getNetworkInterface(rg, "vm-nic"))?.virtualMachineId).toBe(vm.id);
    await expect(env.gateway.deleteNetworkInterface(rg, "vm-nic")).rejects.toMatchObject({
      code: "NicInUse",
      statusCode: 400,
    });
    await expect(env.gateway.deleteDisk(rg, "vm-osdisk")).rejects.toMatchObject({
      code: "OperationNotAllowed",
      statusCode: 409,
    });
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, "other-vm", vmSpec(nicId, { osDiskName: "other-osdisk" })),
    ).rejects.toMatchObject({ code: "NicInUse" });
  });

  it("stops, starts and deletes; the disk is left detached, then deleted", async () => {
    await env.gateway.powerOffVirtualMachine(rg, "spoke-vm-5");
    expect((await env.gateway.getVirtualMachine(rg, "spoke-vm-5"))?.powerState).toBe("stopped");
    await env.gateway.startVirtualMachine(rg, "spoke-vm-5");
    expect((await env.gateway.getVirtualMachine(rg, "spoke-vm-5"))?.powerState).toBe("running");
    await env.gateway.deleteVirtualMachine(rg, "spoke-vm-5");
    expect(await env.gateway.getVirtualMachine(rg, "spoke-vm-5")).toBeUndefined();
    expect((await env.gateway.getDisk(rg, "vm-osdisk"))?.diskState).toBe("Unattached");
    await env.gateway.deleteDisk(rg, "vm-osdisk");
    expect(await env.gateway.getDisk(rg, "vm-osdisk")).toBeUndefined();
    await env.gateway.deleteNetworkInterface(rg, "vm-nic");
    await env.gateway.deleteVirtualMachine(rg, "spoke-vm-5");
  });

  it("validates SSH key, admin name, size and image synchronously", async () => {
    const nicId = await nic("val-nic");
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, "v1", vmSpec(nicId, { sshPublicKey: "ssh-rsa AAAAnotakey" })),
    ).rejects.toMatchObject({
      code: "InvalidParameter",
      statusCode: 400,
      message: "The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.",
    });
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, "v1", vmSpec(nicId, { adminUsername: "admin" })),
    ).rejects.toMatchObject({ code: "InvalidParameter", message: "The Admin Username specified is not allowed." });
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, "v1", vmSpec(nicId, { vmSize: "Standard_Bogus" })),
    ).rejects.toMatchObject({ code: "InvalidParameter" });
    await expect(
      env.gateway.createOrUpdateVirtualMachine(
        rg,
        "v1",
        vmSpec(nicId, { image: { publisher: "Canonical", offer: "nope", sku: "x" } }),
      ),
    ).rejects.toMatchObject({ code: "PlatformImageNotFound", statusCode: 404 });
    expect(await env.gateway.getVirtualMachine(rg, "v1")).toBeUndefined();
    await env.gateway.deleteNetworkInterface(rg, "val-nic");
  });

  it("fails on quota and SKU with 409 and holds the NIC for 180 s (scaled)", async () => {
    const nicId = await nic("quota-nic");
    env.sim.setQuota("cores", 1);
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, "q-vm", vmSpec(nicId, { osDiskName: "q-osdisk" })),
    ).rejects.toMatchObject({ code: "OperationNotAllowed", statusCode: 409 });
    await expect(env.gateway.deleteNetworkInterface(rg, "quota-nic")).rejects.toMatchObject({
      code: "NicReservedForAnotherVm",
      statusCode: 400,
    });
    env.sim.setQuota("cores", 100);
    await expect(
      env.gateway.createOrUpdateVirtualMachine(
        rg,
        "q-vm",
        vmSpec(nicId, { osDiskName: "q-osdisk", vmSize: "Standard_NC6s_v3" }),
      ),
    ).rejects.toMatchObject({ code: "SkuNotAvailable", statusCode: 409 });
    await sleep(150);
    await env.gateway.deleteNetworkInterface(rg, "quota-nic");
  });

  it("surfaces a failure while polling as the LRO error, and reserves the NIC", async () => {
    const nicId = await nic("async-nic");
    env.sim.addFault({
      kind: "error",
      operation: "virtualMachines.createOrUpdate",
      name: "a-vm",
      code: "AllocationFailed",
      phase: "async",
      times: 1,
      message: "Allocation failed. We do not have sufficient capacity.",
    });
    const err = await env.gateway
      .createOrUpdateVirtualMachine(rg, "a-vm", vmSpec(nicId, { osDiskName: "a-osdisk" }))
      .catch((e) => e);
    expect(err).toMatchObject({ name: "AzureError", code: "AllocationFailed", statusCode: undefined });
    expect(err.message).toContain("Allocation failed");
    expect((await env.gateway.getVirtualMachine(rg, "a-vm"))?.provisioningState).toBe("Failed");
    await env.gateway.deleteVirtualMachine(rg, "a-vm");
    await expect(env.gateway.deleteNetworkInterface(rg, "async-nic")).rejects.toMatchObject({
      code: "NicReservedForAnotherVm",
    });
    await sleep(150);
    await env.gateway.deleteNetworkInterface(rg, "async-nic");
    await env.gateway.deleteDisk(rg, "a-osdisk");
  });
});

describe("compute catalogue and resource listing", () => {
  it("reports usages, SKUs (with restrictions) and sizes", async () => {
    const before = (await env.gateway.listComputeUsages("eastus")).find((u) => u.name === "cores");
    expect(before).toMatchObject({ localizedName: "Total Regional vCPUs", limit: 100 });
    const nicId = await nic("u-nic");
    await env.gateway.createOrUpdateVirtualMachine(rg, "u-vm", vmSpec(nicId, { osDiskName: "u-osdisk" }));
    const after = (await env.gateway.listComputeUsages("eastus")).find((u) => u.name === "cores");
    expect(after!.currentValue - before!.currentValue).toBe(2);
    const skus = await env.gateway.listVmSkus("eastus");
    expect(skus.find((s) => s.name === "Standard_B2s")).toMatchObject({
      restricted: false,
      vCpus: 2,
      family: "standardBSFamily",
    });
    expect(skus.find((s) => s.name === "Standard_NC6s_v3")).toMatchObject({
      restricted: true,
      restrictionReasons: ["NotAvailableForSubscription"],
    });
    expect((await env.gateway.listAvailableVmSizes("eastus")).map((s) => s.name)).toContain("Standard_B2s");
  });

  it("lists a group's resources by tag, without their tags", async () => {
    const tagged = await env.gateway.listResourcesByTag(rg, { name: "spoke-id", value: "5" });
    expect(tagged.map((r) => r.type).sort()).toEqual([
      "Microsoft.Compute/virtualMachines",
      "Microsoft.Network/networkInterfaces",
    ]);
    expect(tagged.every((r) => r.tags === undefined)).toBe(true);
    expect(await env.gateway.listResourcesByTag(rg, { name: "spoke-id", value: "99" })).toEqual([]);
    expect(await env.gateway.listResourcesByTag("no-such-rg", { name: "spoke-id" })).toEqual([]);
  });
});
