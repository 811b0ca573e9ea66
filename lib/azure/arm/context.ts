import type { AzureError } from "../errors";
import type { CallOptions, LroOptions } from "../types";
import type { ArmClients } from "./clients";
import { isNotFound, toAzureError } from "./errors";

/** Shared plumbing: error normalisation, 404 handling, LRO options. */
export class ArmContext {
  constructor(
    readonly clients: ArmClients,
    readonly subscriptionId: string,
    private defaultPollIntervalMs: number,
  ) {}

  async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toAzureError(err, operation);
    }
  }

  /** A GET that answers undefined for 404 (missing resource or resource group). */
  async find<T>(operation: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      const e: AzureError = toAzureError(err, operation);
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** A DELETE where "already gone" is success. */
  async remove(operation: string, fn: () => Promise<unknown>): Promise<void> {
    await this.find(operation, fn);
  }

  call(opts?: CallOptions): { abortSignal?: AbortSignal } {
    return opts?.signal ? { abortSignal: opts.signal } : {};
  }

  lro(opts?: LroOptions): { abortSignal?: AbortSignal; updateIntervalInMs: number } {
    return { ...this.call(opts), updateIntervalInMs: opts?.pollIntervalMs ?? this.defaultPollIntervalMs };
  }

  async collect<T>(operation: string, iter: AsyncIterable<T>): Promise<T[]> {
    return this.run(operation, async () => {
      const out: T[] = [];
      for await (const item of iter) out.push(item);
      return out;
    });
  }
}
