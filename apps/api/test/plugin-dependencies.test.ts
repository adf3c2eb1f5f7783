// The app's plugins name what they need (fastify-plugin's name and dependencies): registered
// without a dependency, a plugin refuses to load and says which one is missing, instead of
// failing later on an undefined decorator. Checked on a bare Fastify for the plugins that guard
// logins and the admin routes.
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import adminAuth from "../src/plugins/app/admin-auth.ts";
import authenticate from "../src/plugins/app/authenticate.ts";
import config from "../src/plugins/app/config.ts";
import sessions from "../src/plugins/app/sessions.ts";
import jwt from "../src/plugins/external/jwt.ts";

describe("plugin dependencies", () => {
  it.each([
    ["sessions", sessions, "config"],
    ["admin-auth", adminAuth, "config"],
    ["authenticate", authenticate, "jwt"],
  ] as const)("%s refuses to load without %s", async (name, plugin, missing) => {
    const app = Fastify({ logger: false });
    await expect(app.register(plugin).ready()).rejects.toThrow(
      `The dependency '${missing}' of plugin '${name}' is not registered`,
    );
  });

  it("sessions needs the database as well", async () => {
    const app = Fastify({ logger: false });
    await app.register(config, { config: {} as never });
    await expect(app.register(sessions).ready()).rejects.toThrow(
      "The dependency 'db' of plugin 'sessions' is not registered",
    );
  });

  it("authenticate needs the sessions as well", async () => {
    const app = Fastify({ logger: false });
    await app.register(config, {
      config: { jwtSecret: "s".repeat(32), accessTokenTtlSeconds: 60 } as never,
    });
    await app.register(jwt);
    await expect(app.register(authenticate).ready()).rejects.toThrow(
      "The dependency 'sessions' of plugin 'authenticate' is not registered",
    );
  });
});
