/**
 * Every log line written while a deployment runs names the deployment, its spoke and a trace id,
 * whichever module writes it (runner, step executor, finish), without passing them along.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { log, withLogContext } from "@/lib/log";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { startHarness, type Harness } from "./testing";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant" } });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

type Line = Record<string, unknown> & { msg: string };

function capture() {
  const lines: Line[] = [];
  const grab = (s: unknown) => {
    if (typeof s === "string" && s.startsWith("{")) lines.push(JSON.parse(s) as Line);
  };
  const out = vi.spyOn(console, "log").mockImplementation(grab);
  const err = vi.spyOn(console, "error").mockImplementation(grab);
  return { lines, restore: () => (out.mockRestore(), err.mockRestore()) };
}

describe("deployment log context", () => {
  it("lines from the runner, a retried step and the finish carry deploymentId, spoke and traceId", async () => {
    const { lines, restore } = capture();
    try {
      const alice = await h.newUser();
      // One 503 at the NIC: the step executor logs its retry from inside the deployment.
      h.sim.addFault({
        kind: "error",
        operation: "networkInterfaces.createOrUpdate",
        name: "spoke-vm-41-nic",
        code: "ServiceUnavailable",
        status: 503,
        times: 1,
      });
      const created = await createSpoke({
        ctx: h.ctxFor(alice),
        input: { spoke_id: 41, client_name: "logs-corp", ssh_public_key: sshKey },
      });
      expect((await h.waitForSpoke(created.id, ["completed", "rolled_back"])).status).toBe("completed");
      const ours = lines.filter((l) => l.deploymentId === created.deployment_id);
      expect(ours.map((l) => l.msg)).toEqual(
        expect.arrayContaining(["deployment running", "step retrying", "deployment finished"]),
      );
      // Every line of those kinds written in this test belongs to this deployment and says so.
      for (const l of lines.filter((x) =>
        ["deployment running", "step retrying", "deployment finished"].includes(x.msg),
      )) {
        expect(l).toMatchObject({
          deploymentId: created.deployment_id,
          spokeId: created.id,
          spoke: 41,
          kind: "create",
        });
        expect(l.traceId).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(new Set(ours.map((l) => l.traceId)).size).toBe(1);
    } finally {
      restore();
    }
  }, 60_000);

  it("contexts nest and do not leak between concurrent work", async () => {
    const { lines, restore } = capture();
    try {
      await Promise.all(
        ["a", "b"].map((id) =>
          withLogContext({ deploymentId: id }, async () => {
            await new Promise((r) => setTimeout(r, id === "a" ? 20 : 0));
            withLogContext({ step: `s-${id}` }, () => log.info("inner"));
            log.info("outer");
          }),
        ),
      );
      log.info("outside");
    } finally {
      restore();
    }
    expect(lines.map(({ msg, deploymentId, step }) => ({ msg, deploymentId, step }))).toEqual([
      { msg: "inner", deploymentId: "b", step: "s-b" },
      { msg: "outer", deploymentId: "b", step: undefined },
      { msg: "inner", deploymentId: "a", step: "s-a" },
      { msg: "outer", deploymentId: "a", step: undefined },
      { msg: "outside", deploymentId: undefined, step: undefined },
    ]);
  });
});
