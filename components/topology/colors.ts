/** Peering and backend-health colours shared by the graph and its legend/table. */
export function peeringColor(state: string | null | undefined): string {
  if (state === "Connected") return "#16a34a";
  if (state === "Initiated") return "#d97706";
  if (state === "Disconnected") return "#dc2626";
  return "#94a3b8";
}

export function healthColor(health: string | null | undefined): string {
  if (health === "Up") return "#16a34a";
  if (health === "Down") return "#dc2626";
  if (health === "Partial" || health === "Draining") return "#d97706";
  return "#94a3b8";
}
