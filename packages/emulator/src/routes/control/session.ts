import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import {
  bodyFields,
  optionalPersona,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";

/** What the platform knows about a persona: lets tests check what the SDK or API received. */
export function registerSessionControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/session", async (request, reply) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user"]);
    const appid = optionalString(query, "appid") ?? state.apps.defaultApp.appid;
    const persona = optionalPersona(query, "user") ?? "default";
    const session = state.sessions.get(appid, persona);
    if (session === undefined) {
      return reply
        .code(404)
        .send({ error: "not_found", message: `${persona} never logged in to ${appid}` });
    }
    const { openid, unionid, anonymousOpenid, sessionKey } = session;
    return { openid, unionid, anonymousOpenid, sessionKey };
  });
}
