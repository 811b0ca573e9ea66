/** A result shared by every caller for `ttlMs`; callers arriving while it is computed wait for the same one. */
export interface Probe {
  ok: boolean;
  [k: string]: unknown;
}

export function probeCache(run: () => Promise<Probe>, now: () => number = Date.now) {
  let cached: { at: number; value: Promise<Probe> } | undefined;
  return (ttlMs: number): Promise<Probe> => {
    const t = now();
    if (!cached || t - cached.at >= ttlMs) cached = { at: t, value: run() };
    return cached.value;
  };
}
