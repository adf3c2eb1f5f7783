import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";

const HealthStatus = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness: the process answers",
        response: { 200: HealthStatus },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        tags: ["health"],
        summary:
          "Readiness: the database answers, every committed migration is applied, the Douyin platform is configured",
        description:
          "503 with `checks.migrations` = `pending: <names>` when the database lacks migrations " +
          "(MIGRATE_ON_START=false and `pnpm db:migrate` not run yet).",
        response: { 200: HealthStatus, 503: HealthStatus },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      let ready = true;
      const status = await app.databaseStatus();
      if (status.reachable) {
        checks.database = "ok";
        const { pending } = status;
        checks.migrations = pending.length === 0 ? "ok" : `pending: ${pending.join(", ")}`;
        if (pending.length > 0) ready = false;
      } else {
        checks.database = "unreachable";
        ready = false;
      }
      checks.douyin = `configured (${app.config.douyin.environment})`;
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ok" : "unavailable", checks });
    },
  );
};

export default health;
