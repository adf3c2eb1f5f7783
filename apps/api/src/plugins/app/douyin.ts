import { createPrismaTokenStore } from "@tt/db";
import {
  createDouyinClient,
  createRedisTokenStore,
  type DouyinClient,
  sealedTokenStore,
} from "@tt/douyin";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createSecretBox } from "../../lib/secret-box.ts";

declare module "fastify" {
  interface FastifyInstance {
    douyin: DouyinClient;
  }
}

/**
 * The Douyin server SDK for our app: the real platform, its sandbox, or the local emulator; or the
 * `client` given (buildApp's overrides).
 */
export default fp(
  async function douyin(app: FastifyInstance, options: { client?: DouyinClient | undefined }) {
    if (options.client !== undefined) {
      app.decorate("douyin", options.client);
      app.log.info("Douyin platform given by the caller");
      return;
    }
    const { appid, secret, environment, emulatorUrl, timeoutMs, phonePrivateKey, cloud } =
      app.config.douyin;
    // Tokens live in Redis, or else in the database, sealed: every API process shares one token
    // and one refresh.
    const codec = createSecretBox(app.config.sessionKeyEncryptionKey);
    const shared =
      app.redis === undefined
        ? createPrismaTokenStore(app.db)
        : createRedisTokenStore(app.redis, { prefix: `${app.config.redis?.keyPrefix}douyin:` });
    const tokenStore = sealedTokenStore(shared, codec);
    app.decorate(
      "douyin",
      createDouyinClient({
        appid,
        secret,
        environment,
        emulatorUrl,
        timeoutMs,
        tokenStore,
        // Douyin Cloud's cloud calls: no token is fetched, the store stays unused.
        cloudCall: cloud,
        // getPhoneNumber (phone number by code) only; undefined: that flow answers 502.
        ...(phonePrivateKey === undefined ? {} : { phoneNumberPrivateKey: phonePrivateKey }),
      }),
    );
    app.log.info({ appid, environment, cloudCall: cloud }, "Douyin platform configured");
    if (environment === "emulator" && app.config.nodeEnv === "production") {
      app.log.warn({ emulatorUrl }, "production is talking to the Douyin emulator, not to Douyin");
    }
  },
  { name: "douyin", dependencies: ["config", "db", "redis"] },
);
