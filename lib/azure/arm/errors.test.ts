/** SDK failures enter lib/azure here: a real RestError (with its Retry-After header) and an LRO's plain Error. */
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { AzureError } from "../errors";
import { toAzureError } from "./errors";

function restError(code: string | undefined, status: number, headers: Record<string, string> = {}) {
  const request = createPipelineRequest({ url: "https://management.azure.com/x" });
  return new RestError(`${code ?? "no code"} happened`, {
    code,
    statusCode: status,
    request,
    response: { request, status, headers: createHttpHeaders(headers) },
  });
}

describe("toAzureError", () => {
  it("keeps a RestError's code, status and Retry-After (seconds or ms headers)", () => {
    expect(toAzureError(restError("SubscriptionRequestsThrottled", 429, { "retry-after": "7" }), "op")).toMatchObject({
      code: "SubscriptionRequestsThrottled",
      statusCode: 429,
      retryAfterMs: 7000,
      errorClass: "throttled",
      operation: "op",
    });
    expect(toAzureError(restError("ServiceUnavailable", 503, { "retry-after-ms": "250" }), "op")).toMatchObject({
      retryAfterMs: 250,
      errorClass: "transient",
    });
    expect(toAzureError(restError(undefined, 404), "op")).toMatchObject({
      code: "Http404",
      statusCode: 404,
      errorClass: "permanent",
    });
  });

  it("reads a failed LRO's code out of its message", () => {
    const err = toAzureError(
      new Error("The long-running operation has failed. RemoteVnetHasNoGateways. No gateway."),
      "op",
    );
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({ code: "RemoteVnetHasNoGateways", message: "No gateway.", errorClass: "permanent" });
  });

  it("calls what says nothing Azure-like an UnknownError", () => {
    expect(toAzureError(new Error("boom"), "op")).toMatchObject({ code: "UnknownError", errorClass: "permanent" });
    expect(toAzureError("boom", "op")).toMatchObject({ code: "UnknownError", message: "boom" });
  });

  it("passes an AzureError through", () => {
    const e = new AzureError("Conflict", "x", { statusCode: 409 });
    expect(toAzureError(e, "op")).toBe(e);
  });
});
