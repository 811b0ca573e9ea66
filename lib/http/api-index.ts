/** What GET /api lists (the original's GET /). Kept beside the routes' contract, not in app/. */
export const API_ENDPOINTS = [
  { method: "GET", path: "/api", description: "This index" },
  { method: "GET", path: "/api/health", description: "Database, worker and Azure reachability" },
  { method: "GET", path: "/api/me", description: "The authenticated caller" },
  { method: "GET", path: "/api/spokes", description: "List spokes (?status=&limit=&cursor=)" },
] as const;
