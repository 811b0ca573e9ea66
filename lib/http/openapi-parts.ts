/** The pieces every part of the OpenAPI document is made of: schemas, references, answers, parameters. */
import { z } from "zod";
import { SpokeRef } from "@/lib/spokes/schemas";
import { MAX_BODY_BYTES } from "./body";

export type Json = Record<string, unknown>;

export function schema(s: z.ZodType, io: "input" | "output" = "output"): Json {
  const out = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function success(data: Json, extra: Json = {}): Json {
  return {
    type: "object",
    required: ["status", "data"],
    properties: { status: { const: "success" }, message: { type: "string" }, data, ...extra },
  };
}

export const json = (s: Json) => ({ "application/json": { schema: s } });
export const ok = (description: string, data: Json, extra?: Json) => ({
  description,
  content: json(success(data, extra)),
});
export const error = (description: string) => ({ $ref: `#/components/responses/${description}` });

/** One reusable response per AppError code (lib/errors.ts); each body is an ErrorEnvelope with that `code`. */
export const ERROR_RESPONSES: Record<string, { status: string; description: string }> = {
  BadRequest: { status: "400", description: "Invalid input; `message` names the first problem, `details` every field" },
  Unauthorized: { status: "401", description: "No session and no valid API token (a revoked token is 401 too)" },
  Forbidden: { status: "403", description: "A browser request from another origin" },
  NotFound: {
    status: "404",
    description:
      "No such spoke for this caller (another user's spoke is 404, never 403); admin routes answer 404 to non-admins",
  },
  Conflict: {
    status: "409",
    description: "The number or client name is taken, or the spoke's state does not allow this",
  },
  PayloadTooLarge: { status: "413", description: `The body exceeds ${MAX_BODY_BYTES} bytes` },
  UnsupportedMediaType: { status: "415", description: "The body is not application/json" },
  Unprocessable: { status: "422", description: "The Idempotency-Key was already used with a different request body" },
  RateLimited: { status: "429", description: "Too many creations; see Retry-After" },
  Internal: { status: "500", description: "Unexpected; the trace_id finds it in the server log" },
  AzureError: {
    status: "502",
    description: "Azure refused the request; `details.azure` has Azure's own code and message",
  },
  Unavailable: {
    status: "503",
    description: "Azure could not be reached or throttled us; see Retry-After (`details.azure` when Azure answered)",
  },
};

export function errors(...names: (keyof typeof ERROR_RESPONSES)[]): Json {
  const all = ["Unauthorized", ...names, "Internal"];
  return Object.fromEntries(all.map((n) => [ERROR_RESPONSES[n]!.status, error(n)]));
}

export const spokeIdParam = {
  name: "spokeId",
  in: "path",
  required: true,
  description: "The spoke number (as in the Flask original) or the spoke's uuid",
  schema: schema(SpokeRef, "input"),
};
/** One query parameter per field of a zod object (the admin routes' filters). */
export function queryParams(obj: z.ZodObject): Json[] {
  const props = (schema(obj, "input").properties ?? {}) as Record<string, Json>;
  return Object.entries(props).map(([name, s]) => ({ name, in: "query", schema: s }));
}

export const webhookIdParam = {
  name: "webhookId",
  in: "path",
  required: true,
  description: "The webhook endpoint's uuid",
  schema: { type: "string", format: "uuid" },
};

export const jsonBody = (name: string) => ({ required: true, content: json(ref(name)) });
export const BEARER_OR_COOKIE = [{ bearerAuth: [] }, { cookieAuth: [] }];

export interface Operation {
  summary?: string;
  tags: string[];
  public?: boolean;
  parameters?: Json[];
  requestBody?: Json;
  responses: Json;
}

export const spokeAction = (what: string): Operation => ({
  tags: ["deployments"],
  parameters: [spokeIdParam],
  responses: {
    "202": ok(`${what} accepted; follow it on /events`, ref("ActionResult")),
    ...errors("Forbidden", "NotFound", "Conflict"),
  },
});
