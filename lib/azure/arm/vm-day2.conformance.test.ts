import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import type { VirtualMachineSpec } from "../types";
import { rawRequest } from "./test-http";

// Day-two VM operations through the real @azure/arm-compute client: osProfile immutability,
// SSH key rotation through the VM access extension, PUT resize, power actions.
let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
let key: string;
let vmId: string;
const rg = "hub-rg";
const VM = "day2-vm";
const scope = () => ({ subscriptionId: env.gateway.subscriptionId, resourceGroup: rg });
const vmPath = () =>
  `/subscriptions/${env.sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${VM}`;
const raw = (method: string, path: string, body?: unknown) =>
  rawRequest(env.sim.url, env.sim.caPem, method, `${path}?api-version=2024-07-01`, body);
let nicId: string;
const spec = (over: Partial<VirtualMachineSpec> = {}): VirtualMachineSpec => ({
  location: "eastus",
  vmSize: "Standard_B2s",
  adminUsername: "azureuser",
  sshPublicKey: key,
  networkInterfaceId: nicId,
  osDiskName: "day2-osdisk",
  customData: "#cloud-config\npackages: [nginx]\n",
  tags: { "spoke-id": "9" },
  ...over,
});

beforeAll(async () => {
  env = await startSimulatedAzure({ timeScale: 0.0005 });
  key = await testSshPublicKey();
  await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-9", {
    location: "eastus",
    addressPrefixes: ["10.11.9.0/24"],
    subnets: [{ name: "vm", addressPrefix: "10.11.9.0/26" }],
  });
  nicId = (
    await env.gateway.createOrUpdateNetworkInterface(rg, "day2-nic", {
      location: "eastus",
      subnetId: armIds.subnet(scope(), "spoke-vnet-9", "vm"),
    })
  ).id;
  vmId = (await env.gateway.createOrUpdateVirtualMachine(rg, VM, spec())).id;
});
afterAll(async () => {
  await env.stop();
});

describe("osProfile after creation", () => {
  it("refuses each osProfile change with PropertyChangeNotAllowed, 409, naming the property", async () => {
    const other = await testSshPublicKey();
    const refused = (property: string) => ({
      code: "PropertyChangeNotAllowed",
      statusCode: 409,
      message: `Changing property '${property}' is not allowed.`,
    });
    await expect(env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ sshPublicKey: other }))).rejects.toMatchObject(
      refused("linuxConfiguration.ssh.publicKeys"),
    );
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ adminUsername: "otheruser" })),
    ).rejects.toMatchObject(refused("adminUsername"));
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ customData: "#cloud-config\n" })),
    ).rejects.toMatchObject(refused("customData"));
    const body = (await raw("GET", vmPath())).json;
    body.properties.osProfile.computerName = "renamed";
    const res = await raw("PUT", vmPath(), body);
    expect([res.status, res.json]).toEqual([
      409,
      {
        error: {
          code: "PropertyChangeNotAllowed",
          message: "Changing property 'computerName' is not allowed.",
          target: "computerName",
        },
      },
    ]);
  });

  it("accepts the same osProfile again (a re-sent PUT is not a change)", async () => {
    const vm = await env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ tags: { "spoke-id": "9", day: "two" } }));
    expect([vm.provisioningState, vm.tags.day]).toEqual(["Succeeded", "two"]);
  });
});

describe("SSH key rotation through the VM access extension", () => {
  it("sets the new key in the guest, keeps the VM model, and never echoes protectedSettings", async () => {
    expect(env.sim.vmGuest(vmId)?.users.azureuser?.sshKeys).toEqual([key]);
    const next = await testSshPublicKey();
    const ext = await env.gateway.setVmSshKey(rg, VM, {
      location: "eastus",
      username: "azureuser",
      sshPublicKey: next,
    });
    expect(ext).toMatchObject({
      name: "enablevmaccess",
      publisher: "Microsoft.OSTCExtensions",
      type: "VMAccessForLinux",
      typeHandlerVersion: "1.5",
      provisioningState: "Succeeded",
      settings: {},
    });
    expect(ext.statuses[0]).toMatchObject({
      code: "ProvisioningState/succeeded",
      displayStatus: "Provisioning succeeded",
    });
    expect(env.sim.vmGuest(vmId)?.users.azureuser).toEqual({ sshKeys: [next], sudo: true });
    for (const path of [`${vmPath()}/extensions/enablevmaccess`, `${vmPath()}/extensions`, vmPath()]) {
      const text = JSON.stringify((await raw("GET", path)).json);
      expect(text).not.toContain("protectedSettings");
      expect(text).not.toContain(next.split(" ")[1]);
    }
    const model = (await raw("GET", vmPath())).json;
    expect(model.properties.osProfile.linuxConfiguration.ssh.publicKeys[0].keyData).toBe(key);
    expect(model.resources.map((r: { name: string }) => r.name)).toEqual(["enablevmaccess"]);
    const view = (await raw("GET", `${vmPath()}/instanceView`)).json;
    expect(view.extensions[0]).toMatchObject({
      name: "enablevmaccess",
      type: "Microsoft.OSTCExtensions.VMAccessForLinux",
    });
  });

  it("fails the operation with VMExtensionProvisioningError for a bad key and leaves the guest as it was", async () => {
    const before = env.sim.vmGuest(vmId)?.users.azureuser?.sshKeys;
    const err = await env.gateway
      .setVmSshKey(rg, VM, { location: "eastus", username: "azureuser", sshPublicKey: "ssh-rsa AAAAnotakey" })
      .catch((e) => e);
    expect(err).toMatchObject({ name: "AzureError", code: "VMExtensionProvisioningError" });
    expect(err.message).toContain("VM has reported a failure when processing extension 'enablevmaccess'");
    expect((await env.gateway.getVmExtension(rg, VM, "enablevmaccess"))?.provisioningState).toBe("Failed");
    expect(env.sim.vmGuest(vmId)?.users.azureuser?.sshKeys).toEqual(before);
  });

  it("validates publisher, type and version like CRP, and one handler per VM", async () => {
    const put = (name: string, properties: object) =>
      raw("PUT", `${vmPath()}/extensions/${name}`, { location: "eastus", properties });
    const base = { publisher: "Microsoft.OSTCExtensions", type: "VMAccessForLinux", typeHandlerVersion: "1.5" };
    expect((await put("x", { ...base, publisher: "Contoso.Nope" })).json.error).toEqual({
      code: "ArtifactNotFound",
      message: "The VM extension with publisher 'Contoso.Nope' and type 'VMAccessForLinux' could not be found.",
    });
    expect((await put("x", { ...base, typeHandlerVersion: "9.9" })).json.error).toMatchObject({
      code: "ArtifactNotFound",
      message:
        "Extension with publisher 'Microsoft.OSTCExtensions', type 'VMAccessForLinux', and type handler version '9.9' could not be found in the extension repository.",
    });
    expect((await put("x", { ...base, typeHandlerVersion: "latest" })).json.error).toMatchObject({
      code: "InvalidParameter",
      target: "typeHandlerVersion",
    });
    const dup = await put("second", base);
    expect([dup.status, dup.json.error.code, dup.json.error.message]).toEqual([
      400,
      "BadRequest",
      expect.stringContaining("Multiple VMExtensions per handler not supported"),
    ]);
    await expect(
      env.gateway.setVmSshKey(rg, "no-such-vm", { location: "eastus", username: "u1", sshPublicKey: key }),
    ).rejects.toMatchObject({ code: "ParentResourceNotFound", statusCode: 404 });
    expect(await env.gateway.getVmExtension(rg, VM, "missing")).toBeUndefined();
  });
});

describe("resize by PUT", () => {
  it("changes the size through a full PUT, refuses a restricted size and a size over quota", async () => {
    await expect(
      env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ vmSize: "Standard_NC6s_v3" })),
    ).rejects.toMatchObject({ code: "SkuNotAvailable", statusCode: 409 });
    const cores = (await env.gateway.listComputeUsages("eastus")).find((u) => u.name === "cores")!.currentValue;
    env.sim.setQuota("cores", cores + 1);
    await expect(env.gateway.resizeVm(rg, VM, "Standard_B4ms")).rejects.toMatchObject({
      code: "OperationNotAllowed",
      statusCode: 409,
      message: expect.stringContaining("Total Regional Cores quota"),
    });
    env.sim.setQuota("cores", 100);
    const vm = await env.gateway.createOrUpdateVirtualMachine(rg, VM, spec({ vmSize: "Standard_B2ms" }));
    expect(vm.vmSize).toBe("Standard_B2ms");
    expect(await env.gateway.getVirtualMachine(rg, VM)).toMatchObject({
      vmSize: "Standard_B2ms",
      powerState: "running",
      provisioningState: "Succeeded",
    });
  });
});

describe("power actions", () => {
  it("stops, starts, restarts and deallocates with the instance view's power states; extensions need a running VM", async () => {
    const state = async () => (await env.gateway.getVirtualMachine(rg, VM))?.powerState;
    const cores = async () =>
      (await env.gateway.listComputeUsages("eastus")).find((u) => u.name === "cores")!.currentValue;
    await env.gateway.vmPower(rg, VM, "powerOff");
    expect(await state()).toBe("stopped");
    await env.gateway.vmPower(rg, VM, "start");
    expect(await state()).toBe("running");
    await env.gateway.vmPower(rg, VM, "restart");
    expect(await state()).toBe("running");
    const allocated = await cores();
    await env.gateway.vmPower(rg, VM, "deallocate");
    expect(await state()).toBe("deallocated");
    expect(allocated - (await cores())).toBe(2);
    await expect(
      env.gateway.setVmSshKey(rg, VM, { location: "eastus", username: "azureuser", sshPublicKey: key }),
    ).rejects.toMatchObject({
      code: "OperationNotAllowed",
      statusCode: 409,
      message: "Cannot modify extensions in the VM when the VM is not running.",
    });
    await env.gateway.vmPower(rg, VM, "start");
    expect(await state()).toBe("running");
  });

  it("counts the new routes in the right throttling class and logs them by operation", async () => {
    const cls = (h: Record<string, unknown>) =>
      ["reads", "writes", "deletes"].find((c) => h[`x-ms-ratelimit-remaining-subscription-${c}`] !== undefined);
    expect(cls((await raw("GET", `${vmPath()}/extensions/enablevmaccess`)).headers)).toBe("reads");
    expect(cls((await raw("GET", `${vmPath()}/vmSizes`)).headers)).toBe("reads");
    expect(cls((await raw("PATCH", vmPath(), { tags: { "spoke-id": "9" } })).headers)).toBe("writes");
    expect(cls((await raw("POST", `${vmPath()}/restart`)).headers)).toBe("writes");
    expect(cls((await raw("DELETE", `${vmPath()}/extensions/enablevmaccess`)).headers)).toBe("deletes");
    const log = env.sim.requests().byMethodAndOperation;
    for (const k of [
      "PATCH virtualMachines.update",
      "PUT virtualMachineExtensions.createOrUpdate",
      "GET virtualMachineExtensions.get",
      "GET virtualMachineExtensions.list",
      "DELETE virtualMachineExtensions.delete",
      "POST virtualMachines.deallocate",
      "POST virtualMachines.restart",
    ]) {
      expect(log[k], k).toBeGreaterThan(0);
    }
  });
});
