import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { PersonaSession } from "../../state/sessions.ts";
import {
  bodyFields,
  InputError,
  optionalPersona,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";

/** The first and last 3 characters: enough to tell two keys apart, not enough to use one. */
function maskSecret(secret: string): string {
  return secret.length <= 8
    ? "•".repeat(secret.length)
    : `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}

/**
 * The personas that have logged in on the device side (per app): their ids, their current
 * session key masked, what they allowed the app to send and the messages they received.
 * `GET /emulator/personas/session-key?appid=&user=` reveals one session key (a test tool, as
 * `/emulator/apps?includePrivateKeys=1` is).
 */
export function registerPersonasControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/personas", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid"]);
    const appid = optionalString(query, "appid");
    return {
      personas: state.sessions
        .list()
        .filter((session) => appid === undefined || session.appid === appid)
        .map((session) => view(state, session)),
    };
  });

  app.get("/emulator/personas/session-key", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user"]);
    const appid = optionalString(query, "appid");
    const user = optionalPersona(query, "user");
    if (appid === undefined || user === undefined)
      throw new InputError("appid and user are required");
    const session = state.sessions.get(appid, user);
    if (session === undefined) throw new InputError(`${user} has not logged in to ${appid}`);
    return { sessionKey: session.sessionKey };
  });
}

function view(state: EmulatorState, session: PersonaSession) {
  const { appid, persona, openid, unionid, anonymousOpenid, loggedIn, sessionKey } = session;
  return {
    appid,
    persona,
    loggedIn,
    openid,
    unionid,
    anonymousOpenid,
    sessionKey: maskSecret(sessionKey),
    grants: state.grants.list(appid, openid),
    inbox: state.inbox.list(appid, openid).map(({ at, ...message }) => ({
      ...message,
      at: new Date(at).toISOString(),
    })),
  };
}
