"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/http/action-result";
import type { SpokeDetail } from "@/lib/queries/spokes";
import { plansLoading, TeardownPlanView, useTeardownPlans, type TeardownPlanAction } from "./teardown-plan-view";

export type Operation = "retry" | "rollback" | "cancel" | "teardown";
/** `confirm`: the typed client name, sent with a teardown so the server checks it too. */
export type OperationAction = (ref: string, op: Operation, confirm?: string) => Promise<ActionResult<unknown>>;

const ACTIVE = ["queued", "running"];

/** Which operations the spoke's state allows (the verbs refuse the rest with a 409 anyway). */
export function validOperations(s: SpokeDetail): Operation[] {
  const d = s.deployment;
  const busy = d ? ACTIVE.includes(d.status) : false;
  const gone = s.deleted_at !== null;
  const ops: Operation[] = [];
  if (d && busy && (d.kind === "create" || d.kind === "update") && !d.cancel_requested_at) ops.push("cancel");
  if (d && !busy && !gone && d.status === "failed") ops.push("retry");
  if (d && !busy && !gone && d.kind === "create" && d.status === "failed") ops.push("rollback");
  if (!busy && !gone) ops.push("teardown");
  return ops;
}

const LABEL: Record<Operation, string> = {
  retry: "Retry",
  rollback: "Roll back",
  cancel: "Cancel",
  teardown: "Tear down",
};
const DONE: Record<Operation, string> = {
  retry: "Retry started",
  rollback: "Rollback started",
  cancel: "Cancel requested",
  teardown: "Teardown started",
};

export function SpokeActions({
  spoke,
  action,
  planTeardown,
  onStarted,
}: {
  spoke: SpokeDetail;
  action: OperationAction;
  planTeardown?: TeardownPlanAction;
  onStarted: () => void;
}) {
  const toast = useToast();
  const [pending, start] = useTransition();
  const [confirm, setConfirm] = useState(false);
  const plans = useTeardownPlans(confirm, [spoke.id], planTeardown);
  const ops = validOperations(spoke);
  const run = (op: Operation) =>
    start(async () => {
      const result = op === "teardown" ? await action(spoke.id, op, spoke.client_name) : await action(spoke.id, op);
      setConfirm(false);
      if (result.ok) {
        toast({ tone: "success", title: `${DONE[op]} for spoke ${spoke.spoke_id}` });
        onStarted();
      } else toast({ tone: "error", title: `${LABEL[op]} refused`, description: result.message });
    });
  if (!ops.length) return null;
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Spoke actions">
      {ops.includes("retry") ? (
        <Button onClick={() => run("retry")} disabled={pending}>
          Retry
        </Button>
      ) : null}
      {ops.includes("rollback") ? (
        <Button variant="secondary" onClick={() => run("rollback")} disabled={pending}>
          Roll back
        </Button>
      ) : null}
      {ops.includes("cancel") ? (
        <Button variant="secondary" onClick={() => run("cancel")} disabled={pending}>
          Cancel
        </Button>
      ) : null}
      {ops.includes("teardown") ? (
        <Button variant="danger" onClick={() => setConfirm(true)} disabled={pending}>
          Tear down
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirm}
        title={`Tear down spoke ${spoke.spoke_id}?`}
        description={
          <div className="space-y-3">
            <p>
              This deletes the VM, its disk and NIC, both peerings, the gateway entries and the VNet of{" "}
              <strong>{spoke.client_name}</strong>, then verifies nothing is left.
            </p>
            <TeardownPlanView state={plans[spoke.id]} />
          </div>
        }
        expected={spoke.client_name}
        confirmLabel="Tear down"
        pending={pending}
        blocked={plansLoading(plans)}
        wide={Boolean(planTeardown)}
        onConfirm={() => run("teardown")}
        onClose={() => setConfirm(false)}
      />
    </div>
  );
}
