import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import { AdminKeyHeader } from "@tt/contract";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { securityHeaders } from "../../lib/security-headers.ts";

const HEADERS = securityHeaders({
  // The docs UI at /docs loads its own scripts and styles.
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
    },
  },
});
// Answers under /api carry tokens or personal data (and their errors say who is logged in): no
// browser, proxy or CDN may keep a copy. No route sets its own Cache-Control.
const API_HEADERS = Object.freeze({ ...HEADERS, "cache-control": "no-store" });

/**
 * Security headers on every answer; CORS only for the origins configured (a mini-program's
 * requests are not subject to CORS, so it stays off by default); rate limits that routes opt into
 * with `config: { rateLimit: { max, timeWindow } }` (auth and phone routes do).
 */
export default fp(
  async function security(app: FastifyInstance) {
    // Set before anything runs, so errors (404s and problems included) carry them too.
    app.addHook("onRequest", (request, reply, done) => {
      reply.headers(request.url.startsWith("/api/") ? API_HEADERS : HEADERS);
      done();
    });
    if (app.config.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: app.config.corsOrigins,
        // What the API serves: without PUT a browser's preflight for PUT /api/me/* fails.
        methods: ["GET", "HEAD", "POST", "PUT"],
        allowedHeaders: ["authorization", "content-type", AdminKeyHeader],
        maxAge: 600,
      });
    }
    // With Redis, every instance counts against the same limits.
    const shared =
      app.redis === undefined
        ? {}
        : { redis: app.redis, nameSpace: `${app.config.redis?.keyPrefix}rate-limit:` };
    await app.register(rateLimit, {
      global: false,
      ...shared,
      errorResponseBuilder: (_request, context) =>
        new DomainError(
          ProblemCode.RateLimited,
          `At most ${context.max} requests per ${context.after}`,
          { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        ),
    });
  },
  { name: "security", dependencies: ["config", "redis"] },
);
