import { describe, expect, it } from "vitest";
import { adminUsernameError, vmNameError } from "./vm-input";

describe("vmNameError", () => {
  it.each(["spoke-vm-7", "web01", "A", "x".repeat(64)])("accepts %j", (name) => expect(vmNameError(name)).toBeNull());

  it.each([
    ["", /empty/],
    ["x".repeat(65), /64/],
    ["-vm", /start/],
    ["vm_1", /only letters/],
    ["vm.1", /only letters/],
    ["vm-", /hyphen/],
    ["12345", /digits/],
  ])("rejects %j", (name, message) => expect(vmNameError(name)).toMatch(message));
});

describe("adminUsernameError", () => {
  it.each(["azureuser", "_svc", "ops-team", "a1"])("accepts %j", (name) => expect(adminUsernameError(name)).toBeNull());

  it.each([
    ["", /empty/],
    ["admin", /reserved/],
    ["root", /reserved/],
    ["Azureuser", /lowercase/],
    ["1user", /lowercase/],
    ["x".repeat(33), /32/],
  ])("rejects %j", (name, message) => expect(adminUsernameError(name)).toMatch(message));
});
