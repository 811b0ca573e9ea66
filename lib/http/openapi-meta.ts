/**
 * The OpenAPI operations about the API and its caller (index, health, this document, me, tokens),
 * and the routes outside the spoke API (Auth.js, the CLI's internal endpoints).
 */
import type { ApiOperationKey } from "./api-index";
import { type Json, ref, json, ok, error, errors, jsonBody, type Operation } from "./openapi-parts";

type Keys = Exclude<
  ApiOperationKey,
  `${string} /api/${"spokes" | "console" | "catalog" | "topology" | "admin" | "metrics"}${string}`
>;

export const META_OPERATIONS: Record<Keys, Operation> = {
  "GET /api": {
    tags: ["meta"],
    public: true,
    responses: { "200": ok("Name, version and endpoints", ref("ApiIndex")) },
  },
  "GET /api/health": {
    tags: ["meta"],
    public: true,
    responses: {
      "200": ok("Every check passed (the detail of each check for admins only)", ref("Health")),
      "503": {
        description: "A check failed",
        content: json({
          type: "object",
          required: ["status", "code", "message", "data"],
          properties: {
            status: { const: "error" },
            code: { const: "unavailable" },
            message: { type: "string" },
            data: ref("Health"),
          },
        }),
      },
    },
  },
  "GET /api/openapi.json": {
    tags: ["meta"],
    public: true,
    responses: { "200": { description: "This document", content: json({ type: "object" }) } },
  },
  "GET /api/me": { tags: ["meta"], responses: { "200": ok("The caller", ref("Me")), ...errors() } },
  "GET /api/tokens": {
    tags: ["meta"],
    responses: {
      "200": ok("The caller's tokens, newest first", { type: "array", items: { type: "object" } }),
      ...errors(),
    },
  },
  "POST /api/tokens": {
    tags: ["meta"],
    requestBody: jsonBody("CreateTokenBody"),
    responses: {
      "201": ok("The token's secret, shown once, and its expiry", {
        type: "object",
        properties: { token: { type: "string" }, expires_at: { type: ["string", "null"] } },
      }),
      "403": {
        description:
          "The caller authenticated with an API token (tokens cannot create tokens), or a cross-origin browser request",
        content: json(ref("ErrorEnvelope")),
      },
      ...errors("BadRequest"),
    },
  },
};

/** Routes outside the spoke API: Auth.js's own endpoints and the CLI's token endpoint. */
export const OTHER_PATHS: Json = {
  "/api/auth/{authPath}": {
    parameters: [
      {
        name: "authPath",
        in: "path",
        required: true,
        description: "Auth.js: session, csrf, providers, signin/{provider}, callback/{provider}, signout",
        schema: { type: "string" },
      },
    ],
    get: {
      tags: ["auth"],
      summary: "Auth.js endpoints (browser sign-in)",
      security: [],
      responses: { "200": { description: "Auth.js answer" } },
    },
    post: {
      tags: ["auth"],
      summary: "Auth.js endpoints; the development credentials callback is limited per account",
      security: [],
      responses: { "302": { description: "Redirect after sign-in or sign-out" }, "429": error("RateLimited") },
    },
  },
  "/api/internal/tokens": {
    post: {
      tags: ["internal"],
      summary: "For `npm run token` while this server owns the embedded database",
      security: [{ ownerSecret: [] }],
      requestBody: {
        required: true,
        content: json({
          type: "object",
          required: ["op"],
          properties: {
            op: { enum: ["create", "revoke"] },
            email: { type: "string" },
            name: { type: "string" },
            prefix: { type: "string" },
          },
        }),
      },
      responses: {
        "200": ok("The token (shown once) or the number revoked", { type: "object" }),
        "404": error("NotFound"),
      },
    },
  },
  "/api/internal/users": {
    post: {
      tags: ["internal"],
      summary: "For `npm run admin` while this server owns the embedded database",
      security: [{ ownerSecret: [] }],
      requestBody: {
        required: true,
        content: json({
          type: "object",
          required: ["op", "email"],
          properties: {
            op: { enum: ["grant", "revoke", "add-user"] },
            email: { type: "string" },
            name: { type: "string" },
          },
        }),
      },
      responses: { "200": ok("The user and their role", { type: "object" }), "404": error("NotFound") },
    },
  },
};
