import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import type { PowerState } from "../types";

// Realistic latencies compressed 50×: a resize of a running VM (30 Azure s) takes about 0.6 s of
// wall time, long enough to watch its power states through instance-view reads while it runs.
let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
const VM = "resize-vm";

beforeAll(async () => {
  env = await startSimulatedAzure({ profile: "realistic", timeScale: 0.02, seed: 7 });
  const scope = { subscriptionId: env.gateway.subscriptionId, resourceGroup: rg };
  await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-8", {
    location: "eastus",
    addressPrefixes: ["10.11.8.0/24"],
    subnets: [{ name: "vm", addressPrefix: "10.11.8.0/26" }],
  });
  const nic = await env.gateway.createOrUpdateNetworkInterface(rg, "resize-nic", {
    location: "eastus",
    subnetId: armIds.subnet(scope, "spoke-vnet-8", "vm"),
  });
  await env.gateway.createOrUpdateVirtualMachine(rg, VM, {
    location: "eastus",
    vmSize: "Standard_B2s",
    adminUsername: "azureuser",
    sshPublicKey: await testSshPublicKey(),
    networkInterfaceId: nic.id,
    osDiskName: "resize-osdisk",
  });
}, 30_000);
afterAll(async () => {
  await env.stop();
});

/** Runs an operation and records each power state the instance view shows until it ends. */
async function watch(op: () => Promise<unknown>): Promise<PowerState[]> {
  const seen: PowerState[] = [];
  const before = (await env.gateway.getVirtualMachine(rg, VM))?.powerState;
  if (before) seen.push(before);
  let done = false;
  const run = op().finally(() => {
    done = true;
  });
  while (!done) {
    const state = (await env.gateway.getVirtualMachine(rg, VM))?.powerState;
    if (state && seen[seen.length - 1] !== state) seen.push(state);
  }
  await run;
  const last = (await env.gateway.getVirtualMachine(rg, VM))?.powerState;
  if (last && seen[seen.length - 1] !== last) seen.push(last);
  return seen;
}

const sizes = async () => (await env.gateway.listVmSizesAvailable(rg, VM)).map((s) => s.name);

describe("resize", () => {
  it("resizes a running B2s to D2s_v3: the VM restarts on the new size", async () => {
    expect(await sizes()).toEqual(expect.arrayContaining(["Standard_B2s", "Standard_D2s_v3"]));
    const seen = await watch(() => env.gateway.resizeVm(rg, VM, "Standard_D2s_v3"));
    expect(seen).toEqual(["running", "stopping", "stopped", "starting", "running"]);
    expect(await env.gateway.getVirtualMachine(rg, VM)).toMatchObject({
      vmSize: "Standard_D2s_v3",
      powerState: "running",
      provisioningState: "Succeeded",
    });
  });

  it("refuses a size outside the hardware cluster while allocated, with Azure's error", async () => {
    expect(await sizes()).not.toContain("Standard_D2s_v5");
    const err = await env.gateway.resizeVm(rg, VM, "Standard_D2s_v5").catch((e) => e);
    expect(err).toMatchObject({ name: "AzureError", code: "OperationNotAllowed", statusCode: 409 });
    expect(err.message).toMatch(
      /^Unable to resize the VM 'resize-vm' because the requested size Standard_D2s_v5 is not available in the current hardware cluster\. The available sizes are: .*Standard_D2s_v3.*\. Read more on VM resizing strategy at https:\/\/aka\.ms\/azure-resizevm\.$/,
    );
    expect(await env.gateway.getVirtualMachine(rg, VM)).toMatchObject({
      vmSize: "Standard_D2s_v3",
      powerState: "running",
    });
  });

  it("accepts it once deallocated, keeps the VM deallocated, and starts it on the new cluster", async () => {
    expect(await watch(() => env.gateway.vmPower(rg, VM, "deallocate"))).toEqual([
      "running",
      "deallocating",
      "deallocated",
    ]);
    expect(await sizes()).toEqual(expect.arrayContaining(["Standard_D2s_v5", "Standard_B2s"]));
    expect(await watch(() => env.gateway.resizeVm(rg, VM, "Standard_D2s_v5"))).toEqual(["deallocated"]);
    expect(await watch(() => env.gateway.vmPower(rg, VM, "start"))).toEqual(["deallocated", "starting", "running"]);
    expect(await env.gateway.getVirtualMachine(rg, VM)).toMatchObject({
      vmSize: "Standard_D2s_v5",
      powerState: "running",
    });
    const now = await sizes();
    expect(now).toContain("Standard_D4s_v5");
    expect(now).not.toContain("Standard_B2s");
  });

  it("shows the stop and restart transitions of the power actions", async () => {
    expect(await watch(() => env.gateway.vmPower(rg, VM, "powerOff"))).toEqual(["running", "stopping", "stopped"]);
    expect(await watch(() => env.gateway.vmPower(rg, VM, "start"))).toEqual(["stopped", "starting", "running"]);
    const restart = await watch(() => env.gateway.vmPower(rg, VM, "restart"));
    expect(restart[restart.length - 1]).toBe("running");
    expect(restart).toContain("starting");
  });
});
