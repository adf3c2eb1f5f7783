import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, rejectUnknownFields } from "../../validation.ts";
import { readDeviceTarget } from "./device-failure.ts";

export const DEVICE_INBOX_PATH = "/device/inbox";

/** The subscription messages a persona received from an app, oldest first. */
export function registerDeviceInbox(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_INBOX_PATH, { family: "device", api: "inbox" });

  app.get(DEVICE_INBOX_PATH, async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user"]);
    const { app: registered, persona } = readDeviceTarget(state, query);
    const openid = state.ids.openid(registered.appid, persona);
    return { messages: state.inbox.list(registered.appid, openid) };
  });
}
