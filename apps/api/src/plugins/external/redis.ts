import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";

declare module "fastify" {
  interface FastifyInstance {
    /** The shared Redis (REDIS_URL), or undefined when the API runs without one. */
    redis: Redis | undefined;
  }
}

/** Connects to REDIS_URL when it is set (and waits until Redis answers), closes on shutdown. */
export default fp(
  async function redis(app: FastifyInstance) {
    const settings = app.config.redis;
    if (settings === undefined) {
      app.decorate("redis", undefined);
      return;
    }
    // Loaded only when used: ioredis costs about 150 ms and 20 MB at start.
    const { Redis } = await import("ioredis");
    const client = new Redis(settings.url, {
      lazyConnect: true,
      // Fail a command instead of queueing it for ever while Redis is away.
      maxRetriesPerRequest: 2,
    });
    client.on("error", (error) => app.log.warn({ err: error }, "Redis connection error"));
    await client.connect();
    app.decorate("redis", client);
    app.addHook("onClose", async () => {
      await client.quit();
    });
  },
  { name: "redis", dependencies: ["config"] },
);
