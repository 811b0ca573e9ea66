import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { guestAccounts } from "./handlers/vm-access";
import {
  configure,
  currentConfig,
  handleAdmin,
  inventory,
  setQuota,
  type InventoryItem,
  type SimConfigPatch,
} from "./admin";
import { loadOrCreateCert } from "./cert";
import { parseFaults } from "./faults";
import type { ResourceModule } from "./module";
import { HUB, seedHub } from "./seed";
import { handleArm, readBody, send } from "./server";
import { Sim } from "./sim";
import { Snapshotter } from "./snapshot";
import type { FaultRule, JsonObject, LatencyProfile, ThrottleSettings } from "./types";

export type { FaultRule, InventoryItem, LatencyProfile, ResourceModule, SimConfigPatch, ThrottleSettings };
export { RESOURCE_MODULES } from "./registry";
export { HUB };
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

export interface ArmSimulatorOptions {
  /** 0 = a random free port. Default 0. */
  port?: number;
  host?: string;
  /**
   * The URL clients reach the simulator at when it is not the listening address (another host or
   * container, e.g. https://sim:8443). Operation and nextLink URLs use it, as Azure's use its own
   * host name, and the certificate also names its host.
   */
  publicUrl?: string;
  /** Where the certificate and state snapshot live; undefined = in memory only. */
  dataDir?: string;
  profile?: LatencyProfile;
  timeScale?: number;
  /** Seed the ARCHITECTURE.md §1 hub on first start (no snapshot yet). Default true. */
  seedHub?: boolean;
  /** Fault rules, or their JSON (as in the SIM_FAULTS variable). */
  faults?: FaultRule[] | string;
  subscriptionId?: string;
  location?: string;
  /** Seed for the realistic profile's random latencies. */
  seed?: number;
  pageSize?: number;
  throttle?: Partial<ThrottleSettings>;
  snapshotDebounceMs?: number;
  /** The resource types served; default every module of registry.ts (README "The registry"). */
  modules?: readonly ResourceModule[];
}

export interface ArmSimulator {
  url: string;
  port: number;
  caPem: string;
  caFile?: string;
  subscriptionId: string;
  dataDir?: string;
  stop(): Promise<void>;
  /** Forgets every resource, fault and counter; re-seeds the hub unless told otherwise. */
  reset(opts?: { seedHub?: boolean }): void;
  addFault(rule: FaultRule): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  inventory(): { resources: InventoryItem[] };
  requests(): ReturnType<Sim["log"]["snapshot"]>;
  resetRequests(): void;
  configure(patch: SimConfigPatch): JsonObject;
  setQuota(name: string, limit: number, location?: string): void;
  /** Writes the snapshot now (also done on stop). */
  flush(): void;
  /** A VM's guest accounts and their SSH keys as the VM access extension left them (by VM id). */
  vmGuest(vmId: string): ReturnType<typeof guestAccounts>;
  /** The engine itself, for white-box tests. */
  sim: Sim;
}

export async function startArmSimulator(opts: ArmSimulatorOptions = {}): Promise<ArmSimulator> {
  const host = opts.host ?? "127.0.0.1";
  const subscriptionId = opts.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID;
  const sim = new Sim({
    subscriptionId,
    profile: opts.profile ?? "instant",
    timeScale: opts.timeScale ?? 1,
    seed: opts.seed,
    pageSize: opts.pageSize,
    throttle: opts.throttle,
    modules: opts.modules,
  });
  const publicHost = opts.publicUrl ? new URL(opts.publicUrl).hostname.replace(/^\[|\]$/g, "") : undefined;
  const cert = await loadOrCreateCert(opts.dataDir, publicHost ? [publicHost] : []);
  const snap = opts.dataDir
    ? new Snapshotter(opts.dataDir, () => sim.state.toJSON(), opts.snapshotDebounceMs)
    : undefined;
  const seedIfWanted = (want: boolean | undefined) => {
    if (want ?? opts.seedHub ?? true) seedHub(sim, opts.location);
  };
  const saved = snap?.load();
  if (saved) {
    sim.state.load(saved);
    sim.resumeOperations();
  } else {
    seedIfWanted(undefined);
  }
  sim.onChange = () => snap?.schedule();
  snap?.flush();
  sim.faults.addAll(typeof opts.faults === "string" ? parseFaults(opts.faults) : (opts.faults ?? []));

  const reset = (o: { seedHub?: boolean } = {}) => {
    sim.ops.stop();
    sim.state.clear();
    sim.faults.clear();
    sim.log.reset();
    seedIfWanted(o.seedHub);
    sim.changed();
  };
  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    readBody(req)
      .then((raw) => {
        if (url.pathname.toLowerCase().startsWith("/_sim/") || url.pathname === "/_sim") {
          return handleAdmin(sim, { reset }, (req.method ?? "GET").toUpperCase(), url.pathname, url, raw, res);
        }
        return handleArm(sim, req, res, url, raw);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { code: "InternalServerError", message: String(err) } });
      });
  });
  // Azure's front ends keep idle connections for minutes; Node's 5 s default makes a pooled
  // client socket die just as it is reused (a spurious ECONNRESET on a GET).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = opts.publicUrl?.replace(/\/+$/, "") ?? `https://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  sim.baseUrl = url;

  return {
    url,
    port,
    caPem: cert.cert,
    caFile: cert.certFile,
    subscriptionId,
    dataDir: opts.dataDir,
    sim,
    reset,
    stop: async () => {
      sim.ops.stop();
      snap?.flush();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    addFault: (rule) => sim.faults.add(rule),
    removeFault: (id) => sim.faults.remove(id),
    clearFaults: () => sim.faults.clear(),
    inventory: () => inventory(sim),
    requests: () => sim.log.snapshot(),
    resetRequests: () => sim.log.reset(),
    configure: (patch) => configure(sim, patch),
    setQuota: (name, limit, location) => setQuota(sim, name, limit, location),
    flush: () => snap?.flush(),
    vmGuest: (vmId) => (sim.ops.settleDue(), guestAccounts(sim.state.get(vmId))),
  };
}

export { currentConfig };
