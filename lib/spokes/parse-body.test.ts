import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseBody } from "./plan-spoke";

const hub = { addressSpace: "10.11.0.0/16", prefixLength: 24 };
const messageOf = (input: unknown) => {
  try {
    parseBody(input, hub);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
};

describe("parseBody: the Flask original's messages, in its order", () => {
  it.each([
    [{ spoke_id: 300, client_name: "test" }, "Invalid spoke_id: 300. Must be between 1 and 254"],
    [{ spoke_id: 0 }, "Invalid spoke_id: 0. Must be between 1 and 254"],
    [{ spoke_id: 1 }, "client_name is required"],
    [{ client_name: "acme" }, "ssh_public_key is required"],
    [{ client_name: "acme", ssh_public_key: "k", extra: 1 }, "Unknown field: extra"],
    [[], "The request body must be a JSON object"],
    [null, "The request body must be a JSON object"],
  ])("%j → %s", (input, message) => {
    expect(messageOf(input)).toBe(message);
  });

  it("accepts the minimal body (key checks come later, with the plan)", () => {
    expect(messageOf({ client_name: "acme", ssh_public_key: "ssh-ed25519 AAAA" })).toBeNull();
  });
});
