import { describe, expect, it } from "vitest";
import { DeploymentEvent, EVENT_TYPES, isTerminalEventType, TERMINAL_EVENT_TYPES } from "./events";

const base = {
  seq: 1,
  spokeId: "7b0c2f52-8f5e-4a55-9a39-0c1f6f0d8d11",
  deploymentId: "d3c7b1e0-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
  at: "2026-01-05T10:00:00.000Z",
  level: "info",
  message: "ok",
};

describe("DeploymentEvent", () => {
  it("parses a step event and defaults data to {}", () => {
    const event = DeploymentEvent.parse({ ...base, type: "step.started", step: "create_vnet", attempt: 1 });
    expect(event.data).toEqual({});
    expect(event.step).toBe("create_vnet");
  });

  it("accepts a retry with its error and delay", () => {
    const result = DeploymentEvent.safeParse({
      ...base,
      type: "step.retrying",
      step: "create_vm",
      attempt: 1,
      level: "warn",
      data: {
        error: { code: "ServiceUnavailable", class: "transient", message: "busy" },
        delayMs: 7000,
        nextAttempt: 2,
      },
    });
    expect(result.success).toBe(true);
  });

  it.each([
    [{ type: "step.started" }, "step"],
    [{ type: "step.failed", step: "create_vm", data: { error: { code: "X" } } }, "data"],
    [{ type: "cleanup.report", data: { outcome: "maybe", resources: [] } }, "data"],
    [{ type: "step.exploded", step: "a" }, "type"],
    [{ type: "deployment.started", seq: 0 }, "seq"],
    [{ type: "deployment.started", at: "yesterday" }, "at"],
    [{ type: "deployment.started", level: "fatal" }, "level"],
  ])("rejects %j at %s", (patch, path) => {
    const result = DeploymentEvent.safeParse({ ...base, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(path);
  });

  it("allows deployment-less events such as gateway.applied", () => {
    const result = DeploymentEvent.safeParse({
      ...base,
      deploymentId: null,
      type: "gateway.applied",
      data: { generation: 4, added: ["contoso-pool"], updated: [], removed: [] },
    });
    expect(result.success).toBe(true);
    const missing = DeploymentEvent.safeParse({ ...base, type: "gateway.applied", data: { generation: 4 } });
    expect(missing.success).toBe(false);
  });
});

describe("terminal events", () => {
  it("are deployment outcomes only", () => {
    expect([...TERMINAL_EVENT_TYPES].sort()).toEqual([
      "deployment.canceled",
      "deployment.failed",
      "deployment.rollback_failed",
      "deployment.rolled_back",
      "deployment.succeeded",
    ]);
    expect(EVENT_TYPES.filter(isTerminalEventType)).toHaveLength(5);
    expect(isTerminalEventType("step.failed")).toBe(false);
    expect(isTerminalEventType("nonsense")).toBe(false);
  });
});
