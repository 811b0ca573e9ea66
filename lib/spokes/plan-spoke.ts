/**
 * planSpoke: the pre-flight plan of ARCHITECTURE.md §5.1 — what would be created, the gateway changes and
 * every check with Azure's reason. Writes nothing. createSpoke shares buildSpokeConfig.
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { spokes } from "@/db/schema";
import { isAzureError } from "@/lib/azure/errors";
import { AppError, azureErrorDetails } from "@/lib/errors";
import { limits, rateLimit } from "@/lib/rate-limit";
import { parseAddressPool, spokeNumberError } from "@/lib/network/address-allocation";
import { planSpokeNetwork, type SpokePlan } from "@/lib/network/spoke-plan";
import { runPreflight, type PreflightCheck } from "@/lib/orchestrator/preflight";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { SPOKE_PROBE_PATH } from "@/lib/network/gateway-entries";
import { DEFAULT_ROUTING } from "@/lib/orchestrator/steps/gateway-steps";
import type { SpokeCtx } from "./context";
import { AGW_LIMIT_CODE, roomMessage, type GatewayRoom } from "@/lib/network/gateway-limits";
import { assertGatewayNamesFree } from "./gateway-names";
import { CreateSpokeBody, DEFAULT_ADMIN_USERNAME, DEFAULT_VM_SIZE, firstFieldError } from "./schemas";

export function hubRef(ctx: Pick<SpokeCtx, "hub">) {
  return { resourceGroup: ctx.hub.hubResourceGroup, vnetName: ctx.hub.hubVnetName, gatewayName: ctx.hub.gatewayName };
}

/**
 * The body as the verbs use it, or a 400 naming the first problem in the original's order. A
 * spoke_id out of range is reported before missing fields, as the original did
 * (`{"spoke_id": 300, "client_name": "test"}` → `Invalid spoke_id: 300. Must be between 1 and 254`).
 */
export function parseBody(
  input: unknown,
  hub: Pick<SpokeCtx["hub"], "addressSpace" | "prefixLength">,
): CreateSpokeBody {
  const parsed = CreateSpokeBody.safeParse(input);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const requested =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as { spoke_id?: unknown }).spoke_id
      : undefined;
  if (typeof requested === "number" && Number.isInteger(requested)) {
    const pool = parseAddressPool(hub.addressSpace, hub.prefixLength);
    const rangeError = pool.ok ? spokeNumberError(pool.pool, requested) : null;
    if (rangeError) issues.unshift({ path: "spoke_id", message: rangeError });
  }
  if (parsed.success && issues.length === 0) return parsed.data;
  const byField: Record<string, string> = {};
  for (const i of issues) if (!Object.hasOwn(byField, i.path || "body")) byField[i.path || "body"] = i.message;
  throw new AppError("bad_request", firstFieldError(byField), { details: issues });
}

async function takenNumbers(ctx: SpokeCtx): Promise<number[]> {
  const rows = await ctx.db
    .select({ n: spokes.spokeNumber })
    .from(spokes)
    .where(and(eq(spokes.hub, hubKey(hubRef(ctx))), isNull(spokes.deletedAt)));
  return rows.map((r) => r.n);
}

/** Address ranges already used in Azure: the hub, VNets peered to it, every VNet of the subscription. */
async function blockedPrefixes(ctx: SpokeCtx): Promise<string[]> {
  try {
    const [hub, all] = await Promise.all([
      ctx.azure.getVirtualNetwork(ctx.hub.hubResourceGroup, ctx.hub.hubVnetName),
      ctx.azure.listAllVirtualNetworks(),
    ]);
    return [
      ...(hub?.addressPrefixes ?? []),
      ...(hub?.peerings.flatMap((p) => p.remoteAddressPrefixes) ?? []),
      ...all.flatMap((v) => v.addressPrefixes),
    ];
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new AppError(
      "unavailable",
      `Azure could not be reached to allocate an address range: ${e.code ?? "Error"}: ${e.message ?? String(err)}`,
      {
        retryAfterSeconds: 5,
        details: isAzureError(err) ? azureErrorDetails(err) : undefined,
      },
    );
  }
}

export interface BuiltConfig {
  plan: SpokePlan;
  config: SpokeConfig;
  /** Spokes the hub gateway can hold (Azure's entry limits), read with the name checks. */
  room: GatewayRoom;
  /** Live spokes of the hub when the request was checked (createSpoke recounts under a lock). */
  liveSpokes: number;
}

/**
 * Validate the request and fix every name and range. An explicit spoke_id is checked against the
 * database only (validate_config checks it against Azure when it runs); automatic allocation
 * also skips ranges in use in Azure.
 */
export async function buildSpokeConfig(ctx: SpokeCtx, input: unknown, extraTaken: number[] = []): Promise<BuiltConfig> {
  const body = parseBody(input, ctx.hub);
  const pool = parseAddressPool(ctx.hub.addressSpace, ctx.hub.prefixLength);
  if (!pool.ok) throw new AppError("internal", `SPOKE_ADDRESS_SPACE is invalid: ${pool.error}`);
  const planInput = {
    spokeNumber: body.spoke_id ?? null,
    clientName: body.client_name,
    sshPublicKey: body.ssh_public_key,
    adminUsername: body.admin_username ?? DEFAULT_ADMIN_USERNAME,
    vmName: body.vm_name ?? null,
    subnets: body.subnets ?? {},
    backendPoolName: body.application_gateway?.backend_pool_name ?? null,
    routingRuleName: body.application_gateway?.routing_rule_name ?? null,
  };
  const live = await takenNumbers(ctx);
  const env = {
    pool: pool.pool,
    agwBaseDomain: ctx.hub.agwBaseDomain,
    takenNumbers: [...live, ...extraTaken],
    blockedPrefixes: [] as string[],
  };
  let result = planSpokeNetwork(planInput, env);
  if (result.ok && body.spoke_id == null)
    result = planSpokeNetwork(planInput, { ...env, blockedPrefixes: await blockedPrefixes(ctx) });
  if (!result.ok) {
    const status = result.code === "invalid" ? "bad_request" : "conflict";
    throw new AppError(status, firstFieldError(result.fieldErrors), {
      details: Object.entries(result.fieldErrors).map(([path, message]) => ({ path, message })),
    });
  }
  const plan = result.plan;
  const config: SpokeConfig = {
    spokeNumber: plan.spokeNumber,
    clientName: plan.clientName,
    ownerId: ctx.actor.id,
    location: body.location ?? ctx.hub.location,
    resourceGroup: ctx.hub.spokeResourceGroup,
    addressPrefix: plan.addressPrefix,
    subnets: plan.subnets,
    names: plan.names,
    vmSize: body.vm_size ?? DEFAULT_VM_SIZE,
    adminUsername: planInput.adminUsername,
    sshPublicKey: plan.sshKey.normalized,
    hub: hubRef(ctx),
    // Only a non-default probe path is recorded, so a default create's configuration (and step hashes) stay as before.
    ...(body.health_probe_path && body.health_probe_path !== SPOKE_PROBE_PATH
      ? { routing: { ...DEFAULT_ROUTING, healthProbePath: body.health_probe_path } }
      : {}),
  };
  const room = await assertGatewayNamesFree(ctx, config);
  return { plan, config, room, liveSpokes: live.length };
}

export const PlanSpokeInput = z.unknown();

export interface SpokePlanView {
  config: SpokeConfig;
  checks: PreflightCheck[];
  ok: boolean;
  ssh_key: { type: string; bits: number };
}

export async function planSpoke({ ctx, input }: { ctx: SpokeCtx; input: unknown }): Promise<SpokePlanView> {
  // Each valid plan reads Azure several times: a loop of them would spend the subscription's read
  // budget. Invalid bodies are refused first and cost nothing.
  parseBody(input, ctx.hub);
  await rateLimit(ctx.db, `plan:${ctx.actor.id}`, limits(ctx.limits).plan, "plan requests");
  const { plan, config, room, liveSpokes } = await buildSpokeConfig(ctx, input);
  let checks: PreflightCheck[];
  try {
    checks = await runPreflight({ azure: ctx.azure, config });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    checks = [
      {
        key: "hub",
        label: "Azure reachable",
        ok: false,
        code: e.code ?? "Unavailable",
        message: e.message ?? String(err),
      },
    ];
  }
  checks.push(capacityCheck(room, liveSpokes, ctx.hub.gatewayName));
  return { config, checks, ok: checks.every((c) => c.ok), ssh_key: { type: plan.sshKey.type, bits: plan.sshKey.bits } };
}

function capacityCheck(room: GatewayRoom, liveSpokes: number, gatewayName: string): PreflightCheck {
  const label = "Hub gateway has room";
  if (liveSpokes >= room.places)
    return {
      key: "gateway_capacity",
      label,
      ok: false,
      code: AGW_LIMIT_CODE[room.kind],
      message: roomMessage(room, gatewayName, liveSpokes),
    };
  return {
    key: "gateway_capacity",
    label,
    ok: true,
    message: `${liveSpokes} of the ${room.places} spokes ${gatewayName} can hold are in use (Azure's limits per Application Gateway)`,
  };
}
