/**
 * What an update deployment carries (deployments.params): the configuration the spoke had, the
 * one it is moving to, and the steps forced to run. A step is unchanged when its inputs hash is
 * the same for both configurations: exactly the hash the earlier run of that step recorded.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { deployments, deploymentSteps } from "@/db/schema";
import { stableHash, type SpokeConfig } from "@/lib/ledger/spoke-config";
import type { AnyStep, StepOutputs } from "./step-types";

export interface UpdateParams {
  previousConfig: SpokeConfig;
  targetConfig: SpokeConfig;
  /** Step keys to run even when unchanged; "all" runs every step. */
  force: string[] | "all";
}

export function updateParamsOf(deployment: { kind: string; params: unknown }): UpdateParams | undefined {
  if (deployment.kind !== "update" || !deployment.params || typeof deployment.params !== "object") return undefined;
  return deployment.params as UpdateParams; // safe because only requestUpdate writes it, from a validated config
}

/** The inputs hash of a step for a configuration: what `deployment_steps.inputs_hash` records. */
export function inputsHash(step: AnyStep, config: SpokeConfig): string {
  return stableHash({ key: step.key, inputs: step.inputs(config) });
}

export function isForced(params: UpdateParams, key: string): boolean {
  return params.force === "all" || params.force.includes(key);
}

/** Keys of `steps` whose inputs differ between the two configurations. */
export function changedSteps(steps: readonly AnyStep[], before: SpokeConfig, after: SpokeConfig): string[] {
  return steps.filter((s) => inputsHash(s, before) !== inputsHash(s, after)).map((s) => s.key);
}

/** The outputs of the last run of `key` for this spoke before `deploymentId`: a skipped step hands them on. */
export async function previousOutputs(
  db: Db,
  spokeId: string,
  deploymentId: string,
  key: string,
): Promise<StepOutputs | undefined> {
  const [row] = await db
    .select({ outputs: deploymentSteps.outputs })
    .from(deploymentSteps)
    .innerJoin(deployments, eq(deployments.id, deploymentSteps.deploymentId))
    .where(
      and(
        eq(deployments.spokeId, spokeId),
        ne(deployments.id, deploymentId),
        eq(deploymentSteps.key, key),
        inArray(deploymentSteps.status, ["succeeded", "skipped"]),
      ),
    )
    .orderBy(desc(deployments.createdAt))
    .limit(1);
  return (row?.outputs ?? undefined) as StepOutputs | undefined;
}
