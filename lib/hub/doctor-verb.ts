import { requireAdmin } from "@/lib/auth/require-admin";
import { listCallerPermissions, probeArmToken } from "@/lib/azure/arm/access";
import type { Actor } from "@/lib/auth/actor";
import type { AzureGateway } from "@/lib/azure/types";
import { env, type Env, type HubConfig } from "@/lib/env";
import { runDoctor, type AccessProbe, type DoctorReport } from "./doctor";

/** The identity checks of Azure mode; the simulator has no identities. */
export function accessProbeFor(e: Env): AccessProbe | undefined {
  return e.AZURE_MODE === "azure"
    ? { probeToken: () => probeArmToken(), permissions: (scope) => listCallerPermissions(scope) }
    : undefined;
}

/** Admin verb behind the Doctor card and `GET /api/admin/hub/doctor`. */
export async function getDoctorReport({
  ctx,
  actor,
}: {
  ctx: { azure: AzureGateway; hub: HubConfig };
  actor: Actor;
}): Promise<DoctorReport> {
  requireAdmin(actor);
  const e = env();
  return runDoctor({ env: e, hub: ctx.hub, azure: ctx.azure, access: accessProbeFor(e) });
}
