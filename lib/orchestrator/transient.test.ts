/**
 * Issue 4 item 2 (transient half): 429 with Retry-After, 503, AnotherOperationInProgress and a
 * lost reply at each create step that touches Azure → retried (never sooner than Retry-After),
 * the spoke completes, and the cloud gains exactly one spoke's resources — no duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmSimulator, FaultRule } from "@/lib/arm-simulator";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { startHarness, type Harness } from "./testing";
import {
  added,
  armAfter,
  hubSideAnswersInitiated,
  requestsMatching,
  snapshot,
  spokeFootprint,
  type RequestMatch,
} from "./testing/sim";
import { CREATE_OK_DEPLOYMENT, deploymentLevel, expectedCompleteSteps, perStep } from "./testing/timeline";
import type { CreateStepKey } from "./workflows";

/** The simulator answers 429/503 with Retry-After = 1 s × its time scale: 200 ms here, far above our own scaled backoff. */
const SIM_SCALE = 0.2;
const RETRY_AFTER_MS = 1000 * SIM_SCALE;

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant", timeScale: SIM_SCALE }, timeScale: 0.001 });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

interface Target {
  step: CreateStepKey;
  request(n: number): RequestMatch;
  /** Requests of the same kind that come before the step's own (pre-flight, LRO final GETs). */
  earlier?: number;
  /** Count `earlier` only from the first request matching this one. */
  following?: RequestMatch;
  /** Makes the step reach Azure at all (e.g. a peering side its PUT did not yet see connected). */
  prepare?(sim: ArmSimulator, n: number): void;
}

const TARGETS: Target[] = [
  { step: "validate_config", request: () => ({ method: "GET", operation: "resourceSkus.list" }) },
  {
    step: "create_vnet",
    request: (n) => ({ method: "PUT", operation: "virtualNetworks.createOrUpdate", name: `spoke-vnet-${n}` }),
  },
  {
    step: "create_subnets",
    // The VNet GET before it is create_vnet's final LRO GET (pre-flight finds the name in the VNet list).
    request: (n) => ({ method: "GET", operation: "virtualNetworks.get", name: `spoke-vnet-${n}` }),
    earlier: 1,
  },
  {
    step: "create_nic",
    request: (n) => ({ method: "PUT", operation: "networkInterfaces.createOrUpdate", name: `spoke-vm-${n}-nic` }),
  },
  {
    step: "create_vm",
    request: (n) => ({ method: "PUT", operation: "virtualMachines.createOrUpdate", name: `spoke-vm-${n}` }),
  },
  {
    step: "wait_vm_ready",
    request: (n) => ({ method: "GET", operation: "virtualMachines.get", name: `spoke-vm-${n}` }),
    earlier: 2,
  },
  {
    step: "get_vm_private_ip",
    request: (n) => ({ method: "GET", operation: "networkInterfaces.get", name: `spoke-vm-${n}-nic` }),
    earlier: 1,
  },
  {
    step: "update_agw",
    request: () => ({ method: "PUT", operation: "applicationGateways.createOrUpdate", name: "hub-agw" }),
  },
  {
    step: "create_peering",
    request: (n) => ({ method: "PUT", operation: "virtualNetworkPeerings.createOrUpdate", name: `spoke-${n}-to-hub` }),
  },
  {
    step: "verify_connectivity",
    request: (n) => ({ method: "GET", operation: "virtualNetworkPeerings.get", name: `hub-to-spoke-${n}` }),
    earlier: 1,
    prepare: hubSideAnswersInitiated,
  },
  {
    step: "save_to_storage",
    // Its one read is the gateway; after the gateway PUT the SDK's final LRO GET comes first.
    request: () => ({ method: "GET", operation: "applicationGateways.get", name: "hub-agw" }),
    following: { method: "PUT", operation: "applicationGateways.createOrUpdate", name: "hub-agw" },
    earlier: 1,
  },
];

const KINDS = [
  // Throttling is waited out by lib/azure's request budget: the step never sees it, no attempt is spent.
  {
    kind: "429",
    rule: { kind: "error", code: "TooManyRequests", status: 429 },
    status: 429,
    retryAfter: true,
    absorbed: true,
  },
  {
    kind: "503",
    rule: { kind: "error", code: "ServiceUnavailable", status: 503 },
    status: 503,
    retryAfter: true,
    absorbed: false,
  },
  {
    kind: "AnotherOperationInProgress",
    rule: { kind: "error", code: "AnotherOperationInProgress", status: 409 },
    status: 409,
    retryAfter: false,
    absorbed: false,
  },
  { kind: "lostReply", rule: { kind: "lostReply" }, status: undefined, retryAfter: false, absorbed: false },
] as const;

function arm(sim: ArmSimulator, target: Target, n: number, rule: FaultRule) {
  target.prepare?.(sim, n);
  const req = target.request(n);
  const once = { ...rule, operation: req.operation, name: req.name ?? "*", times: 1 };
  if (target.earlier) armAfter(sim, { ...req, count: target.earlier, following: target.following }, once);
  else sim.addFault(once);
}

let next = 30;

describe.each(KINDS)("a transient $kind", (k) => {
  it.each(TARGETS)(
    "at $step is retried and the spoke completes with no duplicate",
    async (target) => {
      const n = next++;
      const client = `tr-${n}`;
      const alice = await h.newUser();
      const before = snapshot(h.sim);
      h.sim.resetRequests();
      arm(h.sim, target, n, k.rule as FaultRule);
      const created = await createSpoke({
        ctx: h.ctxFor(alice),
        input: { spoke_id: n, client_name: client, ssh_public_key: sshKey },
      });
      const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed", "failed"]);
      const [create, ...more] = await h.deploymentsOf(created.id);
      expect(spoke.status, `${create?.errorStep}: ${create?.errorCode} ${create?.errorMessage}`).toBe("completed");
      expect(more).toEqual([]);
      expect(h.sim.sim.faults.list()).toEqual([]); // the fault did fire
      expect(added(before, snapshot(h.sim))).toEqual(spokeFootprint(n, client));

      // The request was answered with the fault, then made again — no sooner than Retry-After.
      const seen = requestsMatching(h.sim, target.request(n), target.following).slice(target.earlier ?? 0);
      const faulted = k.status === undefined ? 0 : seen.findIndex((r) => r.status === k.status);
      expect(faulted).toBeGreaterThanOrEqual(0);
      const lostGatewayPut = k.kind === "lostReply" && target.step === "update_agw";
      // A lost gateway PUT was applied: the reconciler's retry reads the gateway, finds it done and PUTs nothing.
      if (!lostGatewayPut) expect(seen.length).toBeGreaterThan(faulted + 1);
      if (k.retryAfter) {
        const gap = Date.parse(seen[faulted + 1]!.at) - Date.parse(seen[faulted]!.at);
        expect(gap).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 1); // the log's clock has millisecond resolution
      }

      // Item 8: the step that met the fault retried once, unless the budget absorbed it (the gateway step waits on the writer, whose job retries).
      const events = await h.events(created.id);
      expect(deploymentLevel(events)).toEqual(CREATE_OK_DEPLOYMENT);
      const retried = ["step.started", "step.retrying", "step.started", "step.succeeded"];
      expect(perStep(events, create!.id)).toEqual(
        expectedCompleteSteps(target.step === "update_agw" || k.absorbed ? {} : { [target.step]: retried }),
      );
      const retry = events.find((e) => e.type === "step.retrying");
      if (retry && k.retryAfter)
        expect((retry.data as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    },
    30_000,
  );
});
