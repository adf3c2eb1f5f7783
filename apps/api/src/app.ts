import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { DouyinClient } from "@tt/douyin";
import Fastify, { type FastifyServerOptions } from "fastify";
import type { AppConfig, TrustProxy } from "./config.ts";
import { loggerOptions } from "./lib/logger.ts";
import addressBook from "./plugins/app/address-book.ts";
import adminAuth from "./plugins/app/admin-auth.ts";
import authenticate from "./plugins/app/authenticate.ts";
import cloudCaller from "./plugins/app/cloud-caller.ts";
import config from "./plugins/app/config.ts";
import db from "./plugins/app/db.ts";
import devices from "./plugins/app/devices.ts";
import douyin from "./plugins/app/douyin.ts";
import grants from "./plugins/app/grants.ts";
import locations from "./plugins/app/locations.ts";
import outbox from "./plugins/app/outbox/index.ts";
import phones from "./plugins/app/phones.ts";
import problems from "./plugins/app/problems.ts";
import profiles from "./plugins/app/profiles.ts";
import sessions from "./plugins/app/sessions.ts";
import users from "./plugins/app/users.ts";
import webhooks from "./plugins/app/webhooks.ts";
import jwt from "./plugins/external/jwt.ts";
import redis from "./plugins/external/redis.ts";
import security from "./plugins/external/security.ts";
import swagger from "./plugins/external/swagger.ts";
import adminRoutes from "./routes/admin/index.ts";
import authRoutes from "./routes/auth/index.ts";
import healthRoutes from "./routes/health.ts";
import meRoutes from "./routes/me/index.ts";
import subscriptionRoutes from "./routes/subscriptions/index.ts";
import webhookRoutes from "./routes/webhook/index.ts";

export interface BuildAppOptions {
  /** Where log lines go instead of stdout (tests read them back). */
  logStream?: { write(line: string): void };
  /** Overrides for Fastify's own options. */
  fastify?: FastifyServerOptions;
  /**
   * Parts to use instead of the ones built from the config, so that a service can be tested
   * without the emulator: `douyin` answers every platform call.
   */
  overrides?: { douyin?: DouyinClient };
}

/**
 * Fastify 5 ignores a bare hop count (it cannot tell a proxy from a client that connects directly
 * and writes X-Forwarded-For itself); we accept one on purpose, documented as "only when the API is
 * reachable through the proxies alone": the socket's peer and the next hops-1 entries are proxies.
 */
function trustProxyOption(trust: TrustProxy) {
  if (typeof trust !== "number") return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** The app factory: everything but listening. Tests build it and use inject or listen on port 0. */
export async function buildApp(appConfig: AppConfig, options: BuildAppOptions = {}) {
  const app = Fastify({
    logger: {
      ...loggerOptions(appConfig),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    trustProxy: trustProxyOption(appConfig.trustProxy),
    bodyLimit: 64 * 1024,
    // Strict input: "123" is not a number and unknown fields are an error, not silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    ...options.fastify,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(config, { config: appConfig });
  await app.register(problems);
  await app.register(cloudCaller);
  await app.register(redis);
  await app.register(security);
  await app.register(swagger);
  await app.register(jwt);
  await app.register(db);
  await app.register(douyin, { client: options.overrides?.douyin });
  await app.register(users);
  await app.register(sessions);
  await app.register(authenticate);
  await app.register(profiles);
  await app.register(phones);
  await app.register(devices);
  await app.register(locations);
  await app.register(addressBook);
  await app.register(grants);
  await app.register(outbox);
  await app.register(webhooks);
  await app.register(adminAuth);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(subscriptionRoutes);
  await app.register(adminRoutes);
  await app.register(webhookRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
