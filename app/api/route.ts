import pkg from "@/package.json";
import { API_ENDPOINTS } from "@/lib/http/api-index";
import { ok } from "@/lib/http/envelope";
import { publicRoute } from "@/lib/http/route";

export const GET = publicRoute(async () =>
  ok({ name: "Hub-Spoke Console API", version: pkg.version, endpoints: API_ENDPOINTS }),
);
