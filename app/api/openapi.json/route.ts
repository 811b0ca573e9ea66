import { NextResponse } from "next/server";
import pkg from "@/package.json";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { publicRoute } from "@/lib/http/route";

export const GET = publicRoute(async ({ req }) =>
  NextResponse.json(buildOpenApiDocument({ version: pkg.version, serverUrl: req.nextUrl.origin }), {
    headers: { "cache-control": "no-cache" },
  }),
);
