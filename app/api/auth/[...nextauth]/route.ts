import { authRouteHandlers } from "@/lib/http/auth-handlers";

export const { GET, POST } = authRouteHandlers();
