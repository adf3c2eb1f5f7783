import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { applyOptionalBodies } from "../../lib/optional-body.ts";

/**
 * The OpenAPI document at /openapi.json, built from the routes' TypeBox schemas; a UI at /docs.
 * Off in production unless DOCS_ENABLED=true: the map of every route helps an attacker more than
 * the app's users.
 */
export default fp(
  async function openApi(app: FastifyInstance) {
    if (!app.config.docsEnabled) return;
    // Loaded only when served: production (docs off) starts without them.
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
      import("@fastify/swagger"),
      import("@fastify/swagger-ui"),
    ]);
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "tt-fullstack API",
          description: "Backend of a Douyin mini-program: login, users and the Douyin platform.",
          version: "0.1.0",
        },
        components: {
          securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
        },
      },
      transformObject: (document) =>
        "openapiObject" in document
          ? applyOptionalBodies(document.openapiObject)
          : document.swaggerObject,
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
    app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  },
  { name: "openapi", dependencies: ["config"] },
);
