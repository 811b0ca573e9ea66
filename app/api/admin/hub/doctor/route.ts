import { getDoctorReport } from "@/lib/hub/doctor-verb";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";

export const dynamic = "force-dynamic";

/** The same checks as `npm run doctor`, run now by this server. */
export const GET = apiRoute(async ({ actor, req }) =>
  ok(await getDoctorReport({ ctx: await spokeCtx(actor, req), actor })),
);
