/**
 * createSpoke: record the intent (spoke, create deployment, audit row, first event) in one
 * transaction, enqueue the job, answer at once. The partial unique indexes decide races.
 */
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { deployments, spokes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { limits, rateLimit } from "@/lib/rate-limit";
import { hubKey, stableHash } from "@/lib/ledger/spoke-config";
import { recordNewSpoke } from "@/lib/ledger/intent";
import type { Tx } from "@/db";
import { uniqueViolation } from "@/db/rows";
import { spokeEntryNames } from "@/lib/network/gateway-ownership";
import { AGW_LIMIT_CODE, roomMessage, type GatewayRoom } from "@/lib/network/gateway-limits";
import type { SpokeCtx } from "./context";
import { AGW_NAME_INDEX, gatewayNameConflict } from "./gateway-names";
import { deploymentForKey, IdempotencyKey } from "./idempotency";
import { buildSpokeConfig, type BuiltConfig } from "./plan-spoke";

export interface CreatedSpoke {
  id: string;
  spoke_id: number;
  client_name: string;
  status: "in_progress";
  deployment_id: string;
  address_prefix: string;
  vnet_name: string;
  vm_name: string;
  links: { self: string; progress: string; events: string };
}

function answer(spoke: typeof spokes.$inferSelect, deploymentId: string): CreatedSpoke {
  return {
    id: spoke.id,
    spoke_id: spoke.spokeNumber,
    client_name: spoke.clientName,
    status: "in_progress",
    deployment_id: deploymentId,
    address_prefix: spoke.addressPrefix,
    vnet_name: `spoke-vnet-${spoke.spokeNumber}`,
    vm_name: spoke.vmName,
    links: {
      self: `/api/spokes/${spoke.id}`,
      progress: `/api/spokes/${spoke.id}/progress`,
      events: `/api/spokes/${spoke.id}/events`,
    },
  };
}

/**
 * The answer to an earlier request with this key. A key reused with another body is refused: the
 * client has a bug, and answering with the first spoke would hide that the second was not created.
 */
async function existingForKey(
  ctx: SpokeCtx,
  key: string | undefined,
  requestHash: string,
): Promise<CreatedSpoke | undefined> {
  const row = await deploymentForKey(ctx, key);
  if (!row) return undefined;
  if (row.deployment.requestHash !== null && row.deployment.requestHash !== requestHash) {
    throw new AppError(
      "unprocessable",
      `Idempotency-Key '${key}' was already used with a different request body; use a new key for a new request`,
    );
  }
  return answer(row.spoke, row.deployment.id);
}

export interface CreateSpokeArgs {
  ctx: SpokeCtx;
  input: unknown;
  idempotencyKey?: string;
}

export async function createSpoke({ ctx, input, idempotencyKey }: CreateSpokeArgs): Promise<CreatedSpoke> {
  const key = idempotencyKey === undefined ? undefined : IdempotencyKey.parse(idempotencyKey);
  const requestHash = stableHash(input);
  const earlier = await existingForKey(ctx, key, requestHash);
  if (earlier) return earlier;
  const lostNumbers: number[] = [];
  for (let tries = 0; ; tries++) {
    let config: BuiltConfig["config"];
    let room: BuiltConfig["room"];
    try {
      ({ config, room } = await buildSpokeConfig(ctx, input, lostNumbers));
    } catch (err) {
      // A copy of this request that committed meanwhile now owns the names we asked for: answer as it did.
      const winner = await existingForKey(ctx, key, requestHash);
      if (winner) return winner;
      throw err;
    }
    // Counted only for valid, new requests, in Postgres so every instance shares the count;
    // copies of one Idempotency-Key count once.
    if (tries === 0)
      await rateLimit(ctx.db, `create:${ctx.actor.id}`, limits(ctx.limits).create, "spoke creations", { token: key });
    try {
      const created = await insertSpoke(ctx, config, room, key, requestHash);
      await ctx.enqueueDeployment(created.deployment_id, created.id);
      return created;
    } catch (err) {
      const constraint = uniqueViolation(err);
      if (constraint === undefined) throw err;
      // The same Idempotency-Key raced us and won: answer as it did.
      const winner = await existingForKey(ctx, key, requestHash);
      if (winner) return winner;
      const auto = (input as { spoke_id?: unknown } | null)?.spoke_id == null;
      if (constraint === "spokes_live_number_uq" && auto && tries < 5) {
        lostNumbers.push(config.spokeNumber);
        continue;
      }
      const agwKind = Object.hasOwn(AGW_NAME_INDEX, constraint) ? AGW_NAME_INDEX[constraint] : undefined;
      if (agwKind)
        throw gatewayNameConflict(
          agwKind,
          spokeEntryNames(config.names.agw)[agwKind] ?? "",
          "is already used by another spoke",
        );
      if (constraint === "spokes_live_client_uq")
        throw new AppError("conflict", `client_name '${config.clientName}' is already used by another spoke`);
      throw new AppError("conflict", `Spoke ${config.spokeNumber} already exists`);
    }
  }
}

/**
 * Azure refuses a gateway past its entry limits (lib/network/gateway-limits.ts), so a spoke the hub
 * gateway cannot hold is refused here, before anything is created. The lock makes count-then-insert
 * atomic across instances for one hub; it is held for this short transaction only.
 */
async function assertRoomOnGateway(tx: Tx, ctx: SpokeCtx, hub: string, room: GatewayRoom): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`hsc:gateway-room:${hub}`}))`);
  const [row] = await tx
    .select({ live: count() })
    .from(spokes)
    .where(and(eq(spokes.hub, hub), isNull(spokes.deletedAt)));
  const live = Number(row?.live ?? 0);
  if (live >= room.places) {
    const message = roomMessage(room, ctx.hub.gatewayName, live);
    throw new AppError("conflict", message, {
      details: [{ path: "hub", message, azure_code: AGW_LIMIT_CODE[room.kind] }],
    });
  }
}

async function insertSpoke(
  ctx: SpokeCtx,
  config: BuiltConfig["config"],
  room: GatewayRoom,
  key: string | undefined,
  requestHash: string,
): Promise<CreatedSpoke> {
  // Intent, audit row and first event commit together (ARCHITECTURE.md §4.1): a stream never sees a spoke without its queued event.
  return recordNewSpoke(ctx.db, async (tx) => {
    await assertRoomOnGateway(tx, ctx, hubKey(config.hub), room);
    const [spoke] = await tx
      .insert(spokes)
      .values({
        spokeNumber: config.spokeNumber,
        hub: hubKey(config.hub),
        ownerId: ctx.actor.id,
        clientName: config.clientName,
        addressPrefix: config.addressPrefix,
        subnets: config.subnets,
        vmName: config.names.vm,
        vmSize: config.vmSize,
        adminUsername: config.adminUsername,
        sshPublicKey: config.sshPublicKey,
        location: config.location,
        resourceGroup: config.resourceGroup,
        agw: config.names.agw,
        desiredConfig: config,
        configHash: stableHash(config),
        status: "in_progress",
      })
      .returning();
    if (!spoke) throw new Error("spoke insert returned nothing");
    const [deployment] = await tx
      .insert(deployments)
      .values({
        spokeId: spoke.id,
        kind: "create",
        status: "queued",
        requestedBy: ctx.actor.id,
        idempotencyKey: key ?? null,
        requestHash: key ? requestHash : null,
      })
      .returning();
    if (!deployment) throw new Error("deployment insert returned nothing");
    return {
      spokeId: spoke.id,
      result: answer(spoke, deployment.id),
      intent: {
        deploymentId: deployment.id,
        audit: {
          actorId: ctx.actor.id,
          action: "spoke.create",
          details: { spoke_id: spoke.spokeNumber, client_name: spoke.clientName, deployment_id: deployment.id },
          ...ctx.meta,
        },
        events: [
          {
            type: "deployment.queued",
            message: `Create of spoke ${spoke.spokeNumber} (${spoke.clientName}) queued by ${ctx.actor.email}`,
            data: { kind: "create", parentDeploymentId: null },
          },
        ],
      },
    };
  });
}
