import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import messages from "./messages.ts";
import users from "./users.ts";

/**
 * Operator routes under /api/admin, behind `x-admin-key` (ADMIN_API_KEY). Without a key
 * configured they are not registered at all: every /api/admin path answers 404.
 */
const admin: FastifyPluginAsyncTypebox = async (app) => {
  if (app.config.adminApiKey === undefined) {
    app.log.info("admin routes off: ADMIN_API_KEY is not set");
    return;
  }
  // onRequest: the key is checked before the body is even read.
  app.addHook("onRequest", app.verifyAdminKey);
  await app.register(messages);
  await app.register(users);
};

export default admin;
