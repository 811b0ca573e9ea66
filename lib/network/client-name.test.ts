import { describe, expect, it } from "vitest";
import { isValidClientName, sanitizeClientName } from "./client-name";

describe("sanitizeClientName", () => {
  it.each([
    ["contoso", "contoso", false],
    ["Contoso", "contoso", true],
    ["Contoso Ltd.", "contoso-ltd", true],
    ["  --acme__corp--  ", "acme-corp", true],
    ["Café Müller", "cafe-muller", true],
    ["a1b", "a1b", false],
    ["x".repeat(60), "x".repeat(50), true],
    [`${"a".repeat(49)}-b`, "a".repeat(49), true],
  ])("%j → %j", (input, name, wasChanged) => {
    expect(sanitizeClientName(input)).toEqual({ ok: true, name, wasChanged });
  });

  it.each([undefined, null, 42, "", "   "])("requires a name (%j)", (input) => {
    expect(sanitizeClientName(input)).toEqual({ ok: false, error: "client_name is required" });
  });

  it.each(["ab", "--", "日本語", "a!!"])("refuses %j, which leaves fewer than 3 characters", (input) => {
    const result = sanitizeClientName(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/at least 3/);
  });

  it("every sanitised name passes isValidClientName", () => {
    for (const input of ["Contoso Ltd.", "x".repeat(80), "A--B--C", "Ünïcödé Co"]) {
      const result = sanitizeClientName(input);
      expect(result.ok && isValidClientName(result.name)).toBe(true);
    }
  });
});

describe("isValidClientName", () => {
  it.each([
    ["contoso", true],
    ["con-toso-2", true],
    ["-contoso", false],
    ["contoso-", false],
    ["Contoso", false],
    ["ab", false],
    ["a".repeat(51), false],
  ])("%j → %s", (name, expected) => expect(isValidClientName(name)).toBe(expected));
});
