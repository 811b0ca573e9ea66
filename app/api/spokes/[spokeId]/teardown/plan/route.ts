import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { planTeardown } from "@/lib/spokes/teardown-plan";

export const POST = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) =>
  ok(await planTeardown({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })),
);
