import { describe, expect, it } from "vitest";
import { STEP_STATUSES, type StepStatus } from "@/lib/ledger/status";
import { CREATE_STEP_KEYS } from "@/lib/orchestrator/workflows";
import type { DeploymentView, StepView } from "./get-spoke";
import { ORIGINAL_STEP_STATUSES, originalFields, originalStepStatus, toOriginalSteps } from "./present";

describe("originalStepStatus: our step statuses in the Flask original's words", () => {
  const table: [StepStatus, string][] = [
    ["succeeded", "completed"],
    ["skipped", "completed"],
    ["running", "in_progress"],
    ["pending", "pending"],
    ["failed", "failed"],
    // Completed, then undone by a rollback: the original kept such steps `completed` and said
    // `rolled_back` in the spoke's status.
    ["compensated", "completed"],
  ];
  it.each(table)("%s → %s", (ours, theirs) => {
    expect(originalStepStatus(ours)).toBe(theirs);
  });
  it("the table covers every step status and uses only the original's four words", () => {
    expect(table.map(([s]) => s).sort()).toEqual([...STEP_STATUSES].sort());
    for (const s of STEP_STATUSES) expect(ORIGINAL_STEP_STATUSES).toContain(originalStepStatus(s));
  });
});

const T0 = "2026-11-30T10:00:00.000Z";
const T1 = "2026-11-30T10:00:05.000Z";

function step(key: string, status: StepStatus, extra: Partial<StepView> = {}): StepView {
  const ran = status !== "pending";
  return {
    key,
    step_name: key,
    label: key,
    depends_on: [],
    status,
    attempts: ran ? 1 : 0,
    started_at: ran ? T0 : null,
    completed_at: ran && status !== "running" ? T1 : null,
    duration_ms: null,
    error_code: null,
    error_class: null,
    error_message: null,
    outputs: null,
    ...extra,
  };
}

function deployment(
  kind: string,
  status: string,
  steps: StepView[],
  extra: Partial<DeploymentView> = {},
): DeploymentView {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    kind,
    status,
    attempt: 1,
    parent_id: null,
    requested_by: "u",
    created_at: T0,
    started_at: T0,
    finished_at: status === "running" ? null : T1,
    cancel_requested_at: null,
    error: null,
    cleanup_report: null,
    progress_percentage: 0,
    queue: null,
    steps,
    ...extra,
  };
}

const names = { vnet: "spoke-vnet-7" };

describe("originalFields", () => {
  it("a completed create: ids and IP from the step outputs, completed_at, no failure", () => {
    const steps = CREATE_STEP_KEYS.map((k) => step(k, "succeeded"));
    steps[1] = step("create_vnet", "succeeded", { outputs: { vnetId: "/subscriptions/s/vnet" } });
    steps[4] = step("create_vm", "succeeded", { outputs: { vmId: "/subscriptions/s/vm" } });
    steps[6] = step("get_vm_private_ip", "succeeded", { outputs: { privateIp: "10.11.7.4" } });
    const f = originalFields(names, [deployment("create", "succeeded", steps)]);
    expect(f).toMatchObject({
      vnet_name: "spoke-vnet-7",
      vnet_id: "/subscriptions/s/vnet",
      vm_id: "/subscriptions/s/vm",
      vm_private_ip: "10.11.7.4",
      completed_at: T1,
      failed_step: null,
      error_message: null,
    });
    expect(f.deployment_steps).toHaveLength(11);
    expect(f.deployment_steps[0]).toEqual({
      step_name: "validate_config",
      status: "completed",
      started_at: T0,
      completed_at: T1,
      error_message: null,
      timestamp: T1,
    });
  });

  it("after a rollback: the create's failed step and message, not the rollback's", () => {
    const create = deployment(
      "create",
      "failed",
      [
        step("validate_config", "succeeded"),
        step("create_nic", "succeeded", { outputs: { privateIp: "10.11.7.4" } }),
        step("create_vm", "failed", { error_message: "quota" }),
        step("wait_vm_ready", "pending"),
      ],
      {
        error: {
          step: "create_vm",
          code: "OperationNotAllowed",
          class: "permanent",
          message: "Operation could not be completed as it results in exceeding approved quota.",
        },
        created_at: T0,
      },
    );
    const rollback = deployment("rollback", "succeeded", [step("delete_vnet", "succeeded")]);
    const f = originalFields(names, [rollback, create]);
    expect(f).toMatchObject({
      failed_step: "create_vm",
      error_message: "Operation could not be completed as it results in exceeding approved quota.",
      completed_at: null,
      vm_private_ip: null,
    });
    expect(f.deployment_steps.map((s) => [s.step_name, s.status])).toEqual([
      ["validate_config", "completed"],
      ["create_nic", "completed"],
      ["create_vm", "failed"],
      ["wait_vm_ready", "pending"],
    ]);
    expect(f.deployment_steps[3]!.timestamp).toBeNull();
  });

  it("a running create: in_progress steps, nothing failed or completed yet", () => {
    const f = originalFields(names, [
      deployment("create", "running", [step("validate_config", "succeeded"), step("create_vnet", "running")]),
    ]);
    expect(f.deployment_steps.map((s) => s.status)).toEqual(["completed", "in_progress"]);
    expect(f).toMatchObject({ completed_at: null, failed_step: null, error_message: null });
  });

  it("no deployment yet: empty steps and nulls", () => {
    expect(originalFields(names, [])).toEqual({
      vnet_name: "spoke-vnet-7",
      vnet_id: null,
      vm_id: null,
      vm_private_ip: null,
      completed_at: null,
      failed_step: null,
      error_message: null,
      deployment_steps: [],
    });
  });

  it("toOriginalSteps keeps the order it is given", () => {
    expect(
      toOriginalSteps([step("b", "failed"), step("a", "skipped")]).map((s) => `${s.step_name}:${s.status}`),
    ).toEqual(["b:failed", "a:completed"]);
  });
});
