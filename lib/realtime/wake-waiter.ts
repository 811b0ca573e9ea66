/**
 * Parks a stream until it is woken, a heartbeat is due, or it is aborted. Wake-ups that arrive
 * while the stream is busy are remembered (coalesced into one), so none is lost between waits.
 */
export type WaitResult = "wake" | "timeout" | "abort";

export interface WakeWaiter {
  wake(): void;
  wait(timeoutMs: number): Promise<WaitResult>;
}

export function createWakeWaiter(signal: AbortSignal): WakeWaiter {
  let pending = false;
  let settle: ((r: WaitResult) => void) | undefined;
  return {
    wake() {
      if (settle) settle("wake");
      else pending = true;
    },
    wait(timeoutMs) {
      if (signal.aborted) return Promise.resolve("abort");
      if (pending) {
        pending = false;
        return Promise.resolve("wake");
      }
      return new Promise<WaitResult>((resolve) => {
        const onAbort = () => done("abort");
        const timer = setTimeout(() => done("timeout"), timeoutMs);
        function done(r: WaitResult) {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          settle = undefined;
          resolve(r);
        }
        settle = done;
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
