import { getLatestHubBootstrap, requestHubBootstrap } from "@/lib/hub/bootstrap";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { hubBootstrapCtx } from "@/lib/http/spoke-ctx";

export const dynamic = "force-dynamic";

/** The latest hub bootstrap with its steps and events (null before the first). */
export const GET = apiRoute(async ({ actor, req }) =>
  ok(await getLatestHubBootstrap({ ctx: await hubBootstrapCtx(actor, req) })),
);

/** Starts a bootstrap (or joins the running one): 202, then watch it with GET. */
export const POST = apiRoute(async ({ actor, req }) =>
  ok(await requestHubBootstrap({ ctx: await hubBootstrapCtx(actor, req), input: { via: "api" } }), { status: 202 }),
);
