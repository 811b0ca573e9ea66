import type { DeploymentKind } from "@/lib/ledger/status";
import type { AnyStep } from "../step-types";
import { workflowFor } from "../workflows";

/** The definitions a deployment of `kind` runs, by key. */
export function stepsFor(kind: DeploymentKind | string): Map<string, AnyStep> {
  return new Map(workflowFor(kind as DeploymentKind).map((s) => [s.key, s.step]));
}
