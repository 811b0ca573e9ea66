/** The one NOTIFY channel for deployment events; payload `<spokeId>:<lastSeq>`. */
export const EVENTS_CHANNEL = "deployment_events";

export function encodeWake(spokeId: string, lastSeq: number): string {
  return `${spokeId}:${lastSeq}`;
}

/** Parses a payload; null for anything that is not ours (a wake-up is a hint, never trusted data). */
export function decodeWake(payload: string): { spokeId: string; lastSeq: number } | null {
  const i = payload.lastIndexOf(":");
  if (i <= 0) return null;
  const lastSeq = Number(payload.slice(i + 1));
  return Number.isInteger(lastSeq) ? { spokeId: payload.slice(0, i), lastSeq } : null;
}
