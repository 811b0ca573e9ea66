/**
 * The spoke side of the single writer (ARCHITECTURE.md §7): record desired entries in Postgres, then wait
 * until the hub's reconciler has applied a generation at least as new as ours.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { gatewayEntries, gatewayState } from "@/db/schema";
import type { SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { abortableSleep } from "../step-executor";
import { NotReadyError, StepFailure } from "../step-types";
import { rejectionOf } from "./ledger";

export type GatewayNames = SpokeGatewayEntry["names"];

/** Takes the hub's next desired generation: what is written with it reaches the gateway in the PUT that applies it. */
export async function nextGatewayGeneration(tx: Tx, hub: string): Promise<number> {
  const [state] = await tx
    .insert(gatewayState)
    .values({ hub, desiredGeneration: 1 })
    .onConflictDoUpdate({
      target: gatewayState.hub,
      set: { desiredGeneration: sql`${gatewayState.desiredGeneration} + 1` },
    })
    .returning({ generation: gatewayState.desiredGeneration });
  if (!state) throw new Error("gateway_state upsert returned nothing");
  return state.generation;
}

/** Set (or, with null, remove) one spoke's entries; returns the generation that will carry it. */
export async function setDesiredGatewayEntry(
  tx: Tx,
  hub: string,
  spokeId: string,
  names: GatewayNames,
  entry: SpokeGatewayEntry | null,
): Promise<number> {
  const generation = await nextGatewayGeneration(tx, hub);
  await tx
    .insert(gatewayEntries)
    .values({ hub, spokeId, names, entries: entry, generation })
    .onConflictDoUpdate({
      target: [gatewayEntries.hub, gatewayEntries.spokeId],
      set: { names, entries: entry, generation, updatedAt: new Date() },
    });
  return generation;
}

export interface WaitOptions {
  signal: AbortSignal;
  /** How long to wait before giving the step back to the retry policy. */
  timeoutMs: number;
  /**
   * While a writer holds the hub's lease (its PUT in flight, or a Retry-After waited out) the wait
   * is progress, not failure: it goes on up to this long instead of `timeoutMs`. Azure's gateway
   * updates take 10–60 s typically, 5–10 min when slow and 10–45 min during platform upgrades
   * (lib/azure/ARM-REFERENCE.md §5), so a retry policy's attempts must not run out on one slow PUT.
   */
  busyTimeoutMs?: number;
  pollMs?: number;
  /** Called now and then while waiting, to make sure a reconciler is running. */
  nudge(): Promise<void>;
}

/** Waits for `generation` to be applied; fails if the reconciler left this spoke's entries out of it. */
export async function waitForGatewayGeneration(
  db: Db,
  hub: string,
  spokeId: string,
  generation: number,
  opts: WaitOptions,
): Promise<{ applied: number }> {
  const started = Date.now();
  let lastNudge = started;
  const pollMs = opts.pollMs ?? 200;
  for (;;) {
    const [state] = await db.select().from(gatewayState).where(eq(gatewayState.hub, hub)).limit(1);
    if (state && state.appliedGeneration >= generation) {
      // Read after the applied generation: the reconciler records both in one transaction.
      const rejected = await rejectionOf(db, hub, spokeId, generation);
      if (rejected) throw new StepFailure("GatewayEntryConflict", rejected);
      return { applied: state.appliedGeneration };
    }
    if (state && state.failedGeneration >= generation) {
      throw new StepFailure(
        state.lastErrorCode ?? "GatewayUpdateFailed",
        state.lastError ?? "The gateway update failed",
      );
    }
    const writerBusy = (state?.leaseUntil?.getTime() ?? 0) > Date.now();
    const limit = writerBusy ? Math.max(opts.timeoutMs, opts.busyTimeoutMs ?? 0) : opts.timeoutMs;
    if (Date.now() - started > limit) {
      throw new NotReadyError(
        "GatewayUpdatePending",
        `Gateway generation ${generation} not applied yet (applied: ${state?.appliedGeneration ?? 0}${state?.lastError ? `, last error: ${state.lastError}` : ""})`,
      );
    }
    if (Date.now() - lastNudge > 5_000) {
      lastNudge = Date.now();
      await opts.nudge();
    }
    await abortableSleep(pollMs, opts.signal);
  }
}
