import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AzureError } from "@/lib/azure/errors";
import { AppError, APP_ERROR_STATUS } from "@/lib/errors";
import { errorResponse } from "./envelope";

async function answer(err: unknown) {
  const res = errorResponse(err, "trace-1");
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe("error answers carry a stable code", () => {
  it.each(Object.entries(APP_ERROR_STATUS))("AppError %s → HTTP %i with code", async (code, status) => {
    const a = await answer(new AppError(code as keyof typeof APP_ERROR_STATUS, "why"));
    expect(a.status).toBe(status);
    expect(a.body).toMatchObject({ status: "error", code, trace_id: "trace-1" });
  });

  it("a zod failure is bad_request with every field in details", async () => {
    const parsed = z.object({ a: z.string(), b: z.number() }).safeParse({});
    const a = await answer(parsed.error);
    expect(a.status).toBe(400);
    expect(a.body.code).toBe("bad_request");
    expect(a.body.details).toHaveLength(2);
  });

  it("an unexpected error is internal and hides its message", async () => {
    const a = await answer(new Error("password=hunter2"));
    expect(a.body).toMatchObject({ code: "internal", message: "Internal server error" });
    expect(JSON.stringify(a.body)).not.toContain("hunter2");
  });

  it("Azure's refusal is azure_error with Azure's own code and message in details", async () => {
    const err = new AzureError("InvalidResourceName", "Resource name x!y is invalid.", {
      statusCode: 400,
      operation: "virtualNetworks.get x!y",
    });
    const a = await answer(err);
    expect(a.status).toBe(502);
    expect(a.body).toMatchObject({
      code: "azure_error",
      message: "Azure answered InvalidResourceName: Resource name x!y is invalid.",
      details: {
        azure: {
          code: "InvalidResourceName",
          message: "Resource name x!y is invalid.",
          status_code: 400,
          operation: "virtualNetworks.get x!y",
        },
      },
    });
    expect(a.retryAfter).toBeNull();
  });

  it.each([
    [429, 12_000, "12"],
    [503, undefined, "5"],
    [undefined, 1_500, "2"],
  ])("Azure %s (Retry-After %s ms) is unavailable, retry after %s s", async (statusCode, retryAfterMs, seconds) => {
    const a = await answer(
      new AzureError("SubscriptionRequestsThrottled", "Too many requests", { statusCode, retryAfterMs }),
    );
    expect(a.status).toBe(503);
    expect(a.body).toMatchObject({
      code: "unavailable",
      details: { azure: { code: "SubscriptionRequestsThrottled", status_code: statusCode ?? null } },
    });
    expect(a.retryAfter).toBe(seconds);
  });
});
