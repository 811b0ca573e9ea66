import { ArmError } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { json, type Ctx } from "../http";
import type { ResourceModule } from "../module";

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
    return json(
      { error },
      op.resultStatus && op.resultStatus >= 400 ? op.resultStatus : op.status === "Canceled" ? 409 : 500,
    );
  }
  if (op.result !== undefined) return json(op.result, op.resultStatus ?? 200);
  return { status: op.name.startsWith("Delete") ? 204 : 200 };
}

/** Compute meters its own operations' status reads ("Get Operation", ARM-REFERENCE §7.2). */
const computeOperation = (params: Record<string, string>) =>
  (params.namespace ?? "").toLowerCase() === "microsoft.compute" ? "GetOperation" : undefined;

const BASE = "/subscriptions/{sub}/providers/{namespace}/locations/{location}";
/** Operation status and result URLs of every resource provider (ARM-REFERENCE §2). */
export const operations: ResourceModule = {
  type: "Microsoft.Resources/locations/operations",
  typeName: "locations/operations",
  api: API_VERSIONS.operations,
  routes: [
    {
      method: "GET",
      path: `${BASE}/operations/{op}`,
      operation: "operations.status",
      handler: getStatus,
      computePolicy: computeOperation,
    },
    {
      method: "GET",
      path: `${BASE}/operationresults/{op}`,
      operation: "operations.result",
      typeName: "locations/operationResults",
      handler: getResult,
      computePolicy: computeOperation,
    },
  ],
};
