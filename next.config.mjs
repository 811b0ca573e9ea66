const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  {
    key: "Content-Security-Policy",
    // Next injects inline bootstrap scripts; 'unsafe-inline' for scripts is the documented trade-off without nonces.
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'" + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self' https://login.microsoftonline.com",
      "base-uri 'self'",
    ].join("; "),
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The container image (Dockerfile) runs Next's standalone server, so its build sets
  // BUILD_STANDALONE=true. Everywhere else the output stays the default: `next start`, which the
  // tests and `npm run console` use, warns and is unsupported with output "standalone".
  ...(process.env.BUILD_STANDALONE === "true" ? { output: "standalone" } : {}),
  // These load native/wasm assets or spawn workers at run time; keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "selfsigned"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
