/**
 * Latency probe (`npm run sim:probe`): creates VNet → subnet → NIC → VM through the real SDK
 * clients against an in-process simulator on the `realistic` profile and prints the measured time
 * beside the profile's expected (median) time. SIM_TIME_SCALE (default 0.01), SIM_PROBE_ROUNDS
 * (default 5), SIM_SEED (default 42). It drives the raw SDK clients (it lives in lib/azure/arm, the
 * one place that may) to time each ARM call exactly as Azure would see it.
 */
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import { startArmSimulator } from "@/lib/arm-simulator";
import type { OpKind } from "@/lib/arm-simulator/latency";
import { testSshPublicKey } from "../testing";

const timeScale = Number(process.env.SIM_TIME_SCALE ?? "0.01");
const rounds = Number(process.env.SIM_PROBE_ROUNDS ?? "5");
const sim = await startArmSimulator({ profile: "realistic", timeScale, seed: Number(process.env.SIM_SEED ?? "42") });
const credential = { getToken: async () => ({ token: "probe", expiresOnTimestamp: Date.now() + 3600_000 }) };
const options = { endpoint: sim.url, tlsOptions: { ca: sim.caPem } };
const network = new NetworkManagementClient(credential, sim.subscriptionId, options);
const compute = new ComputeManagementClient(credential, sim.subscriptionId, options);
const poll = { updateIntervalInMs: 2 };

const key = await testSshPublicKey();

const STEPS: OpKind[] = ["vnet.create", "subnet.create", "nic.create", "vm.create"];
const expectedStep = (k: OpKind) => sim.sim.latency.expectedMs(k) + 2 * sim.sim.latency.expectedMs("request");
const expected = STEPS.reduce((sum, k) => sum + expectedStep(k), 0);

async function round(i: number): Promise<number[]> {
  const rg = "hub-rg";
  const times: number[] = [];
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  };
  const vnet = `probe-vnet-${i}`;
  await timed(() =>
    network.virtualNetworks.createOrUpdate(
      rg,
      vnet,
      { location: "eastus", addressSpace: { addressPrefixes: [`10.200.${i}.0/24`] } },
      poll,
    ),
  );
  const subnet = await (async () => {
    let s;
    await timed(async () => {
      s = await network.subnets.createOrUpdate(rg, vnet, "vm", { addressPrefix: `10.200.${i}.0/26` }, poll);
    });
    return s as unknown as { id: string };
  })();
  const nic = await (async () => {
    let n;
    await timed(async () => {
      n = await network.networkInterfaces.createOrUpdate(
        rg,
        `probe-nic-${i}`,
        { location: "eastus", ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnet.id } }] },
        poll,
      );
    });
    return n as unknown as { id: string };
  })();
  await timed(() =>
    compute.virtualMachines.createOrUpdate(
      rg,
      `probe-vm-${i}`,
      {
        location: "eastus",
        hardwareProfile: { vmSize: "Standard_B1s" },
        storageProfile: {
          imageReference: {
            publisher: "Canonical",
            offer: "0001-com-ubuntu-server-jammy",
            sku: "22_04-lts-gen2",
            version: "latest",
          },
          osDisk: { name: `probe-osdisk-${i}`, createOption: "FromImage" },
        },
        osProfile: {
          computerName: "probe",
          adminUsername: "azureuser",
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: key }] },
          },
        },
        networkProfile: { networkInterfaces: [{ id: nic.id }] },
      },
      poll,
    ),
  );
  return times;
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(`realistic profile, time scale ${timeScale}, ${rounds} rounds`);
console.log(`expected per step (median): ${STEPS.map((k) => `${k} ${expectedStep(k).toFixed(0)} ms`).join(", ")}`);
const totals: number[] = [];
for (let i = 1; i <= rounds; i++) {
  const t = await round(i);
  const total = t.reduce((a, b) => a + b, 0);
  totals.push(total);
  console.log(
    `round ${i}: ${t.map((ms, j) => `${STEPS[j]} ${ms.toFixed(0)}`).join(", ")} → measured ${fmt(total)} vs expected ${fmt(expected)} (${(((total - expected) / expected) * 100).toFixed(1)} %)`,
  );
}
const median = [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)] ?? 0;
const off = ((median - expected) / expected) * 100;
console.log(
  `median measured ${fmt(median)} vs expected ${fmt(expected)}: ${off.toFixed(1)} % → ${Math.abs(off) <= 20 ? "within 20 %" : "OUTSIDE 20 %"}`,
);
await sim.stop();
