import { describe, expect, it } from "vitest";
import { AzureError } from "@/lib/azure/errors";
import { classifyError, type ClassifiedError, isNotFoundError } from "./classify";

const azure = (code: string, statusCode?: number, retryAfterMs?: number) =>
  new AzureError(code, `${code} happened`, { statusCode, retryAfterMs });

const netError = (code: string, message = `connect ${code} 127.0.0.1:8443`) =>
  Object.assign(new Error(message), { code });

type Row = [label: string, err: unknown, expected: Partial<ClassifiedError>];

const rows: Row[] = [
  // HTTP status decides first: throttling and server trouble pass.
  [
    "429 + Retry-After",
    azure("SubscriptionRequestsThrottled", 429, 7000),
    { class: "transient", code: "SubscriptionRequestsThrottled", retryAfterMs: 7000, statusCode: 429, throttled: true },
  ],
  [
    "CRP throttling is OperationNotAllowed with 429",
    azure("OperationNotAllowed", 429, 1_200_000),
    { class: "transient", retryAfterMs: 1_200_000, throttled: true },
  ],
  ["503", azure("ServiceUnavailable", 503), { class: "transient" }],
  ["500 with an odd code", azure("Whatever", 500), { class: "transient", code: "Whatever" }],
  ["408", azure("RequestTimeout", 408), { class: "transient" }],
  ["501 is not retried", azure("NotImplemented", 501), { class: "permanent" }],
  // Codes of the catalogue (ARM-REFERENCE §3.2).
  ["RetryableError 429", azure("RetryableError", 429), { class: "transient" }],
  ["TooManyRequests without a status", azure("TooManyRequests"), { class: "transient", throttled: true }],
  ["AnotherOperationInProgress", azure("AnotherOperationInProgress", 409), { class: "transient" }],
  ["ReferencedResourceNotProvisioned", azure("ReferencedResourceNotProvisioned", 400), { class: "transient" }],
  ["NicReservedForAnotherVm", azure("NicReservedForAnotherVm", 400), { class: "transient" }],
  ["OperationPreempted", azure("OperationPreempted"), { class: "transient" }],
  ["quota", azure("OperationNotAllowed", 409), { class: "permanent", code: "OperationNotAllowed" }],
  ["SkuNotAvailable", azure("SkuNotAvailable", 409), { class: "permanent" }],
  ["InvalidParameter", azure("InvalidParameter", 400), { class: "permanent" }],
  ["VnetAddressSpacesOverlap", azure("VnetAddressSpacesOverlap", 400), { class: "permanent" }],
  ["overlap with a peered VNet", azure("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet", 400), { class: "permanent" }],
  ["RemoteVnetHasNoGateways", azure("RemoteVnetHasNoGateways", 400), { class: "permanent" }],
  ["AuthorizationFailed", azure("AuthorizationFailed", 403), { class: "permanent" }],
  ["unknown 4xx", azure("SomethingNew", 400), { class: "permanent", code: "SomethingNew" }],
  ["NicInUse outside teardown", azure("NicInUse", 400), { class: "permanent" }],
  [
    "a RestError-shaped object",
    Object.assign(new Error("boom"), { name: "RestError", code: "ServiceUnavailable", statusCode: 503 }),
    { class: "transient" },
  ],
  [
    "status only",
    Object.assign(new Error("bad gateway"), { statusCode: 502 }),
    { class: "transient", code: "Http502" },
  ],
  // LRO failures arrive as plain Errors (ARM-REFERENCE §2.2).
  [
    "LRO failed with a permanent code",
    new Error(
      "The long-running operation has failed. SkuNotAvailable. The requested VM size is currently not available in location 'eastus'.",
    ),
    {
      class: "permanent",
      code: "SkuNotAvailable",
      message: "The requested VM size is currently not available in location 'eastus'.",
    },
  ],
  [
    "LRO failed with a transient code",
    new Error(
      "The long-running operation has failed. AnotherOperationInProgress. Another operation on this or dependent resource is in progress.",
    ),
    { class: "transient", code: "AnotherOperationInProgress" },
  ],
  [
    "LRO failed without detail",
    new Error("The long-running operation has failed"),
    { class: "permanent", code: "OperationFailed" },
  ],
  ["superseded AGW PUT", new Error("Operation was canceled"), { class: "transient", code: "Canceled" }],
  [
    "AzureError wrapping an unparsed LRO failure",
    new AzureError("OperationFailed", "The long-running operation has failed. InternalServerError. Oops."),
    { class: "transient", code: "InternalServerError", message: "Oops." },
  ],
  // Network and timeouts.
  ["ECONNRESET", netError("ECONNRESET"), { class: "transient", code: "ECONNRESET" }],
  ["ECONNREFUSED", netError("ECONNREFUSED"), { class: "transient", code: "ECONNREFUSED" }],
  ["ETIMEDOUT", netError("ETIMEDOUT"), { class: "transient", code: "ETIMEDOUT" }],
  ["socket hang up", new Error("socket hang up"), { class: "transient", code: "NetworkError" }],
  [
    "fetch failed with a cause",
    new TypeError("fetch failed", { cause: netError("ECONNREFUSED") }),
    { class: "transient", code: "ECONNREFUSED" },
  ],
  [
    "AbortError",
    Object.assign(new Error("The operation was aborted"), { name: "AbortError" }),
    { class: "transient", code: "Timeout" },
  ],
  [
    "TimeoutError",
    Object.assign(new Error("signal timed out"), { name: "TimeoutError" }),
    { class: "transient", code: "Timeout" },
  ],
  [
    "pipeline send error",
    Object.assign(new Error("read ECONNRESET"), { name: "RestError", code: "REQUEST_SEND_ERROR" }),
    { class: "transient", code: "NetworkError" },
  ],
  // Everything else is ours and permanent.
  ["a bug", new TypeError("Cannot read properties of undefined"), { class: "permanent", code: "InternalError" }],
  ["a string", "weird", { class: "permanent", code: "InternalError", message: "weird" }],
  ["null", null, { class: "permanent", code: "InternalError" }],
];

describe("classifyError", () => {
  it("tells a busy resource's 429 from the subscription's request budget", () => {
    expect(classifyError(azure("RetryableError", 429)).throttled).toBeUndefined();
    expect(classifyError(azure("SubscriptionRequestsThrottled", 429)).throttled).toBe(true);
  });

  it.each(rows)("%s", (_, err, expected) => {
    expect(classifyError(err)).toMatchObject(expected);
  });

  it("keeps Azure's message for the UI", () => {
    expect(classifyError(azure("InvalidParameter", 400)).message).toBe("InvalidParameter happened");
  });

  it("omits retryAfterMs when the server sent none", () => {
    expect(classifyError(azure("ServiceUnavailable", 503))).not.toHaveProperty("retryAfterMs");
  });

  it.each(["NicInUse", "InUseSubnetCannotBeDeleted"])("%s is transient during teardown only", (code) => {
    expect(classifyError(azure(code, 400), { duringTeardown: true }).class).toBe("transient");
    expect(classifyError(azure(code, 400), { duringTeardown: false }).class).toBe("permanent");
  });

  it("applies the teardown context to LRO failures too", () => {
    const err = new Error("The long-running operation has failed. InUseSubnetCannotBeDeleted. Subnet x is in use.");
    expect(classifyError(err, { duringTeardown: true }).class).toBe("transient");
  });
});

describe("isNotFoundError", () => {
  it.each([
    [azure("ResourceNotFound", 404), true],
    [azure("NotFound", 404), true],
    [Object.assign(new Error("gone"), { statusCode: 404 }), true],
    [azure("InvalidParameter", 400), false],
    [new Error("x"), false],
    [undefined, false],
  ])("%#", (err, expected) => expect(isNotFoundError(err)).toBe(expected));
});
