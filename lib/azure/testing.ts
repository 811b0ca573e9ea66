import { startArmSimulator, type ArmSimulator, type ArmSimulatorOptions } from "../arm-simulator";
import { createAzureGateway } from "./index";
import type { AzureGateway } from "./types";

/**
 * Test helper: a private simulator on a random port plus an AzureGateway that talks to it over
 * HTTPS through the real SDK clients. Only tests import this.
 */
export async function startSimulatedAzure(
  opts: ArmSimulatorOptions & { pollIntervalMs?: number; maxRetries?: number } = {},
): Promise<{
  sim: ArmSimulator;
  gateway: AzureGateway;
  stop(): Promise<void>;
}> {
  const sim = await startArmSimulator({ profile: "instant", ...opts });
  const gateway = createAzureGateway({
    mode: "simulator",
    endpoint: sim.url,
    caPem: sim.caPem,
    subscriptionId: sim.subscriptionId,
    defaultPollIntervalMs: opts.pollIntervalMs ?? 5,
    httpRetry: { maxRetries: opts.maxRetries ?? 3, retryDelayInMs: 5, maxRetryDelayInMs: 50 },
    // Same clock as the simulator's throttling, so the budget's plan matches the cloud's buckets.
    budget: { timeScale: opts.timeScale ?? 1 },
  });
  return { sim, gateway, stop: () => sim.stop() };
}

/** An RSA public key in OpenSSH format, generated on the fly (valid for the VM SSH check). */
export async function testSshPublicKey(): Promise<string> {
  const { generateKeyPairSync } = await import("node:crypto");
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const b = (s: string | undefined) => Buffer.from(s ?? "", "base64url");
  const mpint = (buf: Buffer) => (buf[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf);
  const str = (buf: Buffer) =>
    Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (buf.length >>> (24 - 8 * i)) & 255)), buf]);
  const blob = Buffer.concat([str(Buffer.from("ssh-rsa")), str(mpint(b(jwk.e))), str(mpint(b(jwk.n)))]);
  return `ssh-rsa ${blob.toString("base64")} test@hub-spoke-console`;
}
