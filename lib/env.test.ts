import { describe, expect, it } from "vitest";
import { EnvError, hubConfig, parseEnv } from "./env";

describe("settings the Flask original spells differently", () => {
  it("defaults apply when neither spelling is set", () => {
    const hub = hubConfig(parseEnv({}));
    expect(hub).toMatchObject({ gatewayName: "hub-agw", location: "eastus", hubResourceGroup: "hub-rg" });
  });

  it.each([
    ["HUB_AGW_NAME", "agw-prod", "gatewayName"],
    ["APPLICATION_GATEWAY_NAME", "agw-prod", "gatewayName"],
    ["HUB_LOCATION", "westeurope", "location"],
    ["AZURE_LOCATION", "westeurope", "location"],
    ["RESOURCE_GROUP_NAME", "rg-hub-spoke", "hubResourceGroup"],
    ["HUB_RESOURCE_GROUP", "rg-hub-spoke", "hubResourceGroup"],
  ] as const)("%s=%s alone sets %s", (name, value, field) => {
    expect(hubConfig(parseEnv({ [name]: value }))[field]).toBe(value);
  });

  it("both spellings with the same value are accepted", () => {
    const hub = hubConfig(
      parseEnv({
        HUB_AGW_NAME: "agw-prod",
        APPLICATION_GATEWAY_NAME: "agw-prod",
        HUB_LOCATION: "westus2",
        AZURE_LOCATION: "westus2",
      }),
    );
    expect(hub).toMatchObject({ gatewayName: "agw-prod", location: "westus2" });
  });

  it("an empty alias counts as unset", () => {
    expect(hubConfig(parseEnv({ HUB_AGW_NAME: " ", APPLICATION_GATEWAY_NAME: "agw-prod" })).gatewayName).toBe(
      "agw-prod",
    );
  });

  it.each([
    [
      { HUB_AGW_NAME: "agw-a", APPLICATION_GATEWAY_NAME: "agw-b" },
      "HUB_AGW_NAME: is an alias of APPLICATION_GATEWAY_NAME and conflicts with it (HUB_AGW_NAME=agw-a, APPLICATION_GATEWAY_NAME=agw-b); set only one of them",
    ],
    [
      { HUB_LOCATION: "westus", AZURE_LOCATION: "eastus" },
      "HUB_LOCATION: is an alias of AZURE_LOCATION and conflicts with it (HUB_LOCATION=westus, AZURE_LOCATION=eastus); set only one of them",
    ],
    [
      { RESOURCE_GROUP_NAME: "rg-a", HUB_RESOURCE_GROUP: "rg-b" },
      "RESOURCE_GROUP_NAME: is an alias of HUB_RESOURCE_GROUP and conflicts with it",
    ],
  ])("conflicting values stop start-up with a message naming both: %o", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("every conflict is reported at once", () => {
    expect(() =>
      parseEnv({ HUB_AGW_NAME: "a", APPLICATION_GATEWAY_NAME: "b", HUB_LOCATION: "c", AZURE_LOCATION: "d" }),
    ).toThrow(/HUB_AGW_NAME[\s\S]*HUB_LOCATION/);
  });
});
