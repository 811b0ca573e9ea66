import { ArmError } from "../errors";
import { json, type Ctx, type Route } from "../http";

function findOp(ctx: Ctx) {
  const op = ctx.sim.state.operations.get(ctx.params.op ?? "");
  if (!op) throw new ArmError(404, "OperationNotFound", `The operation '${ctx.params.op}' could not be found.`);
  return op;
}

/** Azure-AsyncOperation: always 200 with a status body (ARM-REFERENCE §2.1, §9.4). */
function getStatus(ctx: Ctx) {
  const op = findOp(ctx);
  const headers: Record<string, string> = op.status === "InProgress" ? ctx.sim.ops.retryAfter(op) : {};
  return json(ctx.sim.ops.statusBody(op), 200, headers);
}

/** Location: 202 while running, then what the synchronous call would have returned. */
function getResult(ctx: Ctx) {
  const op = findOp(ctx);
  if (op.status === "InProgress") {
    return { status: 202, headers: { location: ctx.sim.ops.resultUrl(op), ...ctx.sim.ops.retryAfter(op) } };
  }
  if (op.status !== "Succeeded") {
    const error = op.error ?? { code: "Canceled", message: "Operation was canceled." };
    return json({ error }, op.resultStatus && op.resultStatus >= 400 ? op.resultStatus : op.status === "Canceled" ? 409 : 500);
  }
  if (op.result !== undefined) return json(op.result, op.resultStatus ?? 200);
  return { status: op.name.startsWith("Delete") ? 204 : 200 };
}

const BASE = "/subscriptions/{sub}/providers/{namespace}/locations/{location}";
export const operationRoutes: Route[] = [
  { method: "GET", path: `${BASE}/operations/{op}`, operation: "operations.status", api: "operations", typeName: "locations/operations", handler: getStatus },
  { method: "GET", path: `${BASE}/operationresults/{op}`, operation: "operations.result", api: "operations", typeName: "locations/operationResults", handler: getResult },
];
