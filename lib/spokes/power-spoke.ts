/**
 * POST /api/spokes/{id}/power: start, stop, restart or deallocate the spoke's VM, as explicit
 * actions (owner or admin; audited). Refused while a deployment of the spoke runs. The call waits
 * for Azure's operation and answers with the power state it then reads.
 */
import { desc, eq } from "drizzle-orm";
import { deployments } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError, appErrorFromAzure } from "@/lib/errors";
import type { PowerState, VmPowerAction } from "@/lib/azure/types";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "./context";
import { resolveSpoke } from "./resolve";
import { PowerBody, type PowerAction } from "./update-body";

const AZURE_ACTION: Record<PowerAction, VmPowerAction> = {
  start: "start",
  stop: "powerOff",
  restart: "restart",
  deallocate: "deallocate",
};

export interface PowerResult {
  id: string;
  spoke_id: number;
  action: PowerAction;
  power_state: PowerState | "unknown";
}

export async function powerSpoke({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string; body: unknown };
}): Promise<PowerResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const parsed = PowerBody.safeParse(await input.body);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Invalid request");
  const { action } = parsed.data;
  if (spoke.deletedAt || spoke.status !== "completed")
    throw new AppError(
      "conflict",
      `Spoke ${spoke.spokeNumber} is ${spoke.status.replace("_", " ")}; power actions need a completed spoke`,
    );
  const [latest] = await ctx.db
    .select()
    .from(deployments)
    .where(eq(deployments.spokeId, spoke.id))
    .orderBy(desc(deployments.createdAt))
    .limit(1);
  if (latest && ["queued", "running"].includes(latest.status))
    throw new AppError(
      "conflict",
      `Spoke ${spoke.spokeNumber} has a ${latest.kind} in progress; wait for it to finish`,
    );
  const config = spoke.desiredConfig as SpokeConfig; // safe because only the create and update verbs write it
  const audit = (outcome: "success" | "failure", details: Record<string, unknown>) =>
    writeAudit(ctx.db, {
      actorId: ctx.actor.id,
      action: `spoke.power.${action}`,
      target: spoke.id,
      outcome,
      details: { spoke_id: spoke.spokeNumber, vm: config.names.vm, ...details },
      ...ctx.meta,
    });
  try {
    await ctx.azure.vmPower(config.resourceGroup, config.names.vm, AZURE_ACTION[action]);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    await audit("failure", { code: e.code ?? "Error", message: e.message ?? String(err) });
    if (e.code && typeof e.message === "string")
      throw appErrorFromAzure(err as Parameters<typeof appErrorFromAzure>[0]);
    throw err;
  }
  const vm = await ctx.azure.getVirtualMachine(config.resourceGroup, config.names.vm);
  await audit("success", { power_state: vm?.powerState ?? "unknown" });
  return { id: spoke.id, spoke_id: spoke.spokeNumber, action, power_state: vm?.powerState ?? "unknown" };
}
