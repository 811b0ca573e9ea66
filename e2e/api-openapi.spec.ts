/** GET /api/openapi.json validates as OpenAPI 3.1 and describes every route under app/api. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test } from "@playwright/test";
import { api } from "./api-helpers";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Exported only so the endpoint answers 404 instead of 405 (it hides its existence). */
const UNDOCUMENTED = new Set(["GET /api/internal/tokens", "GET /api/internal/users"]);

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) routeFiles(p, out);
    else if (name === "route.ts") out.push(p);
  }
  return out;
}

/** "GET /api/spokes/{spokeId}" for each exported handler; [...x] catch-alls become {x}. */
function routesOnDisk(): string[] {
  const routes: string[] = [];
  for (const file of routeFiles(path.join(process.cwd(), "app", "api"))) {
    const urlPath =
      `/${path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/")}`.replace(
        /\[(?:\.\.\.)?([^\]]+)\]/g,
        "{$1}",
      );
    const src = readFileSync(file, "utf8");
    for (const m of METHODS) {
      if (
        new RegExp(
          `export\\s+(?:const|async function|function)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`,
        ).test(src)
      )
        routes.push(`${m} ${urlPath}`);
    }
  }
  return routes;
}

test("the OpenAPI document is valid 3.1 and lists every route under app/api", async () => {
  const res = await api<never>("GET", "/api/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body as unknown as {
    openapi: string;
    paths: Record<
      string,
      Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>
    >;
    components: { securitySchemes: Record<string, unknown> };
  };
  expect(doc.openapi).toMatch(/^3\.1\./);

  const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? [], "validator errors").toEqual([]);
  expect(result.valid).toBe(true);

  const documented = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((k) => METHODS.includes(k.toUpperCase()))
        .map((m) => `${m.toUpperCase()} ${p}`),
    ),
  );
  const onDisk = routesOnDisk();
  expect(onDisk.length).toBeGreaterThan(12);
  const authPath = (r: string) => r.replace(/\/api\/auth\/\{[^}]+\}/, "/api/auth/{authPath}");
  const missing = onDisk.filter((r) => !UNDOCUMENTED.has(r) && !documented.has(authPath(r)));
  expect(missing, "routes without an OpenAPI operation").toEqual([]);

  // Security, bodies, the envelope and errors are described, not just the paths.
  expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(["bearerAuth", "cookieAuth"]));
  const create = doc.paths["/api/spokes"]!.post!;
  expect(create.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
  expect(JSON.stringify(create.requestBody)).toContain("#/components/schemas/CreateSpokeBody");
  expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["202", "400", "401", "409", "413", "429"]));
  expect(doc.paths["/api/health"]!.get!.security).toEqual([]);
  const body = (
    doc as unknown as {
      components: {
        schemas: {
          CreateSpokeBody: { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
        };
      };
    }
  ).components.schemas.CreateSpokeBody;
  expect(body.required).toEqual(["client_name", "ssh_public_key"]);
  expect(body.additionalProperties).toBe(false);
  expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["spoke_id", "subnets", "application_gateway"]));
});
