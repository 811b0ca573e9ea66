import { and, desc, eq, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { spokeDrift, spokes, users } from "@/db/schema";
import { toDriftView } from "@/lib/drift/check";
import { DRIFT_STATUSES } from "@/lib/drift/types";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { queueViews } from "@/lib/orchestrator/admission";
import type { SpokeListPage, SpokeSummary } from "./present";

export const ListSpokesInput = z.object({
  status: z
    .array(z.string().regex(/^[a-z_]+$/, "Invalid status"))
    .max(12)
    .optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  includeDeleted: z.boolean().default(false),
  /** Only spokes whose last drift check says this (`unknown`: none yet, or Azure was unreadable). */
  drift: z.enum(DRIFT_STATUSES).optional(),
});
export type ListSpokesInput = z.input<typeof ListSpokesInput>;

interface Cursor {
  createdAt: string;
  id: string;
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (typeof c.createdAt !== "string" || !z.uuid().safeParse(c.id).success || Number.isNaN(Date.parse(c.createdAt)))
      throw new Error();
    return c;
  } catch {
    throw new AppError("bad_request", "Invalid cursor");
  }
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

/** The caller's spokes, newest first (admins: everyone's). Keyset pagination on (created_at, id). */
export async function listSpokes({
  ctx,
  input,
}: {
  ctx: { actor: Actor; db: DbOrTx };
  input: ListSpokesInput;
}): Promise<SpokeListPage> {
  const q = ListSpokesInput.parse(input);
  const where: SQL[] = [];
  if (ctx.actor.role !== "admin") where.push(eq(spokes.ownerId, ctx.actor.id));
  if (!q.includeDeleted) where.push(isNull(spokes.deletedAt));
  if (q.status?.length) where.push(inArray(spokes.status, q.status));
  if (q.drift)
    where.push(
      (q.drift === "unknown"
        ? or(isNull(spokeDrift.status), eq(spokeDrift.status, "unknown"))
        : eq(spokeDrift.status, q.drift)) as SQL,
    );
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const at = new Date(c.createdAt);
    where.push(or(lt(spokes.createdAt, at), and(eq(spokes.createdAt, at), lt(spokes.id, c.id))) as SQL);
  }
  const rows = await ctx.db
    .select({ spoke: spokes, owner: { id: users.id, email: users.email, name: users.name }, drift: spokeDrift })
    .from(spokes)
    .innerJoin(users, eq(users.id, spokes.ownerId))
    .leftJoin(spokeDrift, eq(spokeDrift.spokeId, spokes.id))
    .where(and(...where))
    .orderBy(desc(spokes.createdAt), desc(spokes.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const queue = await queueViews(ctx.db, { spokeIds: page.map(({ spoke }) => spoke.id) });
  return {
    spokes: page.map(({ spoke, owner, drift }) => ({
      ...toSummary(spoke, owner),
      queue: queue.get(spoke.id) ?? null,
      drift: toDriftView(drift ?? undefined),
    })),
    next_cursor:
      rows.length > q.limit && last
        ? encodeCursor({ createdAt: last.spoke.createdAt.toISOString(), id: last.spoke.id })
        : null,
  };
}

export function toSummary(s: typeof spokes.$inferSelect, owner: SpokeSummary["owner"]): SpokeSummary {
  return {
    id: s.id,
    spoke_id: s.spokeNumber,
    client_name: s.clientName,
    status: s.status,
    address_prefix: s.addressPrefix,
    location: s.location,
    vm_name: s.vmName,
    vm_size: s.vmSize,
    owner,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
