import { deferredJson } from "@/lib/http/deferred-body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { deferredConfirm } from "@/lib/http/teardown-confirm";
import { teardownSpoke } from "@/lib/spokes/deployment-actions";
import { getSpokeLive } from "@/lib/spokes/get-spoke";
import { updateSpoke } from "@/lib/spokes/update-spoke";

type P = { spokeId: string };

export const GET = apiRoute<P>(async ({ actor, params, req }) =>
  ok(await getSpokeLive({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })),
);

export const DELETE = apiRoute<P>(async ({ actor, params, req }) => {
  const result = await teardownSpoke({
    ctx: await spokeCtx(actor, req),
    input: { ref: params.spokeId, confirm: deferredConfirm(req) },
  });
  return ok(result, { status: 202, message: `Teardown of spoke ${result.spoke_id} started` });
});

export const PATCH = apiRoute<P>(async ({ actor, params, req }) => {
  const idempotencyKey = req.headers.get("idempotency-key") ?? undefined;
  const result = await updateSpoke({
    ctx: await spokeCtx(actor, req),
    input: { ref: params.spokeId, body: deferredJson(req) },
    idempotencyKey,
  });
  if (!result.deployment_id) return ok(result, { message: "Nothing to change" });
  return ok(result, {
    status: 202,
    message: `Update of spoke ${result.spoke_id} started: ${result.plan.steps
      .filter((s) => s.action === "run")
      .map((s) => s.key)
      .join(", ")}`,
  });
});
