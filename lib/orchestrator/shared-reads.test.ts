import { describe, expect, it } from "vitest";
import type { AzureGateway } from "@/lib/azure/types";
import { SHARE_MS, sharedRead } from "./shared-reads";

describe("sharedRead", () => {
  it("joins a read in flight, reuses it briefly, then reads again; failures are not shared", async () => {
    const azure = {} as AzureGateway; // only its identity keys the cache
    let now = 0;
    let reads = 0;
    const read = async () => ++reads;
    const [a, b] = await Promise.all([
      sharedRead(azure, "k", read, () => now),
      sharedRead(azure, "k", read, () => now),
    ]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    now = SHARE_MS - 1;
    expect(await sharedRead(azure, "k", read, () => now)).toBe(1);
    now = SHARE_MS;
    expect(await sharedRead(azure, "k", read, () => now)).toBe(2);
    await expect(
      sharedRead(
        azure,
        "bad",
        () => Promise.reject(new Error("429")),
        () => now,
      ),
    ).rejects.toThrow("429");
    expect(await sharedRead(azure, "bad", read, () => now)).toBe(3);
    expect(await sharedRead({} as AzureGateway, "k", read, () => now)).toBe(4); // another subscription's gateway
  });
});
