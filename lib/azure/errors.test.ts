/**
 * Azure's errors are read once, here (ARCHITECTURE.md §6): every shape an Azure call can fail in
 * becomes an AzureError with Azure's code, message, status, retry-after and class. The step
 * decisions built on it are checked in lib/orchestrator/classify.test.ts.
 */
import { describe, expect, it } from "vitest";
import { AzureError, azureErrorClass, isAzureNotFound, readAzureError, type AzureErrorClass } from "./errors";

const netError = (code: string, message = `connect ${code} 127.0.0.1:8443`) =>
  Object.assign(new Error(message), { code });

type Row = [
  label: string,
  err: unknown,
  expected: { code: string; errorClass: AzureErrorClass; message?: string; statusCode?: number; retryAfterMs?: number },
];

const rows: Row[] = [
  [
    "RestError-shaped 503",
    Object.assign(new Error("busy"), { name: "RestError", code: "ServiceUnavailable", statusCode: 503 }),
    { code: "ServiceUnavailable", errorClass: "transient", statusCode: 503, message: "busy" },
  ],
  [
    "ARM throttling with Retry-After",
    Object.assign(new Error("slow down"), {
      code: "SubscriptionRequestsThrottled",
      statusCode: 429,
      retryAfterMs: 7000,
    }),
    { code: "SubscriptionRequestsThrottled", errorClass: "throttled", retryAfterMs: 7000 },
  ],
  [
    "CRP throttling: OperationNotAllowed with 429",
    Object.assign(new Error("slow"), { code: "OperationNotAllowed", statusCode: 429 }),
    { code: "OperationNotAllowed", errorClass: "throttled" },
  ],
  [
    "a busy resource's 429 is not the budget",
    Object.assign(new Error("busy"), { code: "RetryableError", statusCode: 429 }),
    { code: "RetryableError", errorClass: "transient" },
  ],
  [
    "quota",
    Object.assign(new Error("quota"), { code: "OperationNotAllowed", statusCode: 409 }),
    { code: "OperationNotAllowed", errorClass: "permanent" },
  ],
  [
    "status only",
    Object.assign(new Error("bad gateway"), { statusCode: 502 }),
    { code: "Http502", errorClass: "transient" },
  ],
  [
    "501",
    Object.assign(new Error("no"), { code: "NotImplemented", statusCode: 501 }),
    { code: "NotImplemented", errorClass: "permanent" },
  ],
  [
    "LRO failed with a code",
    new Error(
      "The long-running operation has failed. SkuNotAvailable. The requested VM size is currently not available in location 'eastus'.",
    ),
    {
      code: "SkuNotAvailable",
      errorClass: "permanent",
      message: "The requested VM size is currently not available in location 'eastus'.",
    },
  ],
  [
    "LRO failed with a transient code",
    new Error("The long-running operation has failed. InternalServerError. Oops."),
    { code: "InternalServerError", errorClass: "transient", message: "Oops." },
  ],
  [
    "LRO failed without detail",
    new Error("The long-running operation has failed"),
    { code: "OperationFailed", errorClass: "permanent" },
  ],
  [
    "LRO failed with an undefined code",
    new Error("The long-running operation has failed. undefined. x"),
    { code: "OperationFailed", errorClass: "permanent" },
  ],
  [
    "superseded AGW PUT",
    new Error("Operation was canceled"),
    {
      code: "Canceled",
      errorClass: "transient",
      message: "The operation was canceled by Azure, e.g. superseded by another operation.",
    },
  ],
  [
    "an AzureError wrapping an unparsed LRO failure",
    new AzureError("OperationFailed", "The long-running operation has failed. AnotherOperationInProgress. Busy."),
    { code: "AnotherOperationInProgress", errorClass: "transient", message: "Busy." },
  ],
  ["ECONNRESET", netError("ECONNRESET"), { code: "ECONNRESET", errorClass: "transient" }],
  ["socket hang up", new Error("socket hang up"), { code: "NetworkError", errorClass: "transient" }],
  [
    "fetch failed with a cause",
    new TypeError("fetch failed", { cause: netError("ECONNREFUSED") }),
    { code: "ECONNREFUSED", errorClass: "transient" },
  ],
  [
    "pipeline send error",
    Object.assign(new Error("read ECONNRESET"), { name: "RestError", code: "REQUEST_SEND_ERROR" }),
    { code: "NetworkError", errorClass: "transient" },
  ],
  [
    "AbortError",
    Object.assign(new Error("The operation was aborted"), { name: "AbortError" }),
    { code: "Timeout", errorClass: "transient" },
  ],
  [
    "an AzureError around an abort",
    new AzureError("Whatever", "x", { cause: Object.assign(new Error("signal timed out"), { name: "TimeoutError" }) }),
    { code: "Timeout", errorClass: "transient" },
  ],
];

describe("readAzureError", () => {
  it.each(rows)("%s", (_, err, expected) => {
    const read = readAzureError(err, { operation: "virtualNetworks.createOrUpdate spoke-vnet-7" });
    expect(read).toBeInstanceOf(AzureError);
    expect(read).toMatchObject({ ...expected, operation: "virtualNetworks.createOrUpdate spoke-vnet-7" });
  });

  it.each([
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a string", "weird"],
    ["null", null],
  ])("%s is not Azure's", (_, err) => {
    expect(readAzureError(err)).toBeUndefined();
  });

  it("answers an AzureError that was already read with itself", () => {
    const err = new AzureError("InvalidParameter", "bad", { statusCode: 400 });
    expect(readAzureError(err)).toBe(err);
    expect(err.errorClass).toBe("permanent");
  });

  it("takes Retry-After from the caller (the response headers) and drops a negative one", () => {
    const err = Object.assign(new Error("slow"), { code: "TooManyRequests", statusCode: 429 });
    expect(readAzureError(err, { retryAfterMs: 1500 })?.retryAfterMs).toBe(1500);
    expect(readAzureError(Object.assign(err, { retryAfterMs: -1 }))?.retryAfterMs).toBeUndefined();
  });
});

describe("azureErrorClass", () => {
  it.each([
    ["TooManyRequests", undefined, "throttled"],
    ["AnotherOperationInProgress", 409, "transient"],
    ["Whatever", 500, "transient"],
    ["NicInUse", 400, "permanent"], // transient during teardown only: the orchestrator's rule, not Azure's
    ["AuthorizationFailed", 403, "permanent"],
  ] as const)("%s %s → %s", (code, status, cls) => expect(azureErrorClass(code, status)).toBe(cls));
});

describe("isAzureNotFound", () => {
  it.each([
    [new AzureError("ResourceNotFound", "gone", { statusCode: 404 }), true],
    [new AzureError("ResourceGroupNotFound", "gone"), true],
    [Object.assign(new Error("gone"), { statusCode: 404 }), true],
    [new AzureError("InvalidParameter", "x", { statusCode: 400 }), false],
    [undefined, false],
  ])("%#", (err, expected) => expect(isAzureNotFound(err)).toBe(expected));
});
