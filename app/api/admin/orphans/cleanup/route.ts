import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { orphanCtx } from "@/lib/http/orphan-ctx";
import { cleanupOrphansVerb } from "@/lib/sweep/verbs";

/** Admin: remove exactly these orphans ({ids} or {all: true}) and answer with the verified report. */
export const POST = apiRoute(async ({ actor, req }) => {
  const ctx = await orphanCtx(actor, req);
  return ok(await cleanupOrphansVerb({ ctx, input: await readJson(req) }));
});
