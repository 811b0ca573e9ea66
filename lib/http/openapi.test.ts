import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { APP_ERROR_STATUS } from "@/lib/errors";
import { buildOpenApiDocument } from "./openapi";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON document walked by key

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument({ version: "test" }) as Json;

  it("validates as OpenAPI 3.1", async () => {
    const result = await new Validator().validate(doc as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("every error body has a required code from lib/errors.ts", () => {
    const envelope = doc.components.schemas.ErrorEnvelope;
    expect(envelope.required).toContain("code");
    expect([...envelope.properties.code.enum].sort()).toEqual(Object.keys(APP_ERROR_STATUS).sort());
  });

  it("the spoke answer and /progress document the original's fields and step words", () => {
    for (const name of ["SpokeDetail", "Progress"]) {
      const s = doc.components.schemas[name];
      expect(s.required, name).toEqual(
        expect.arrayContaining([
          "deployment_steps",
          "vm_private_ip",
          "failed_step",
          "error_message",
          "completed_at",
          "vnet_name",
        ]),
      );
      expect(s.properties.deployment_steps.items.properties.status.enum).toEqual([
        "pending",
        "in_progress",
        "completed",
        "failed",
      ]);
    }
    expect(doc.components.schemas.SpokeDetail.required).toContain("progress");
  });
});
