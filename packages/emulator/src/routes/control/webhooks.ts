import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { WebhookConfig } from "../../state/webhooks.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalInteger,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";
import type { WebhookDispatcher } from "../../webhooks/dispatcher.ts";
import { isLoopbackUrl } from "../../webhooks/loopback.ts";

/** The platform's per-attempt timeout. */
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_RETRY_DELAY_MS = 1000;

/** Where each app's events go, the verify_webhook check, and the log of delivery attempts. */
export function registerWebhooksControl(
  app: FastifyInstance,
  state: EmulatorState,
  webhooks: WebhookDispatcher,
): void {
  app.post("/emulator/webhooks", async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "url", "secret", "timeoutMs", "retryDelayMs"]);
    const appid = readAppid(state, fields);
    const url = optionalString(fields, "url", 2048);
    if (url === undefined || !isLoopbackUrl(url)) {
      throw new InputError(
        "url must be an http(s) URL on this machine (127.0.0.0/8, ::1, localhost)",
      );
    }
    const secret = optionalString(fields, "secret", 256);
    const config: WebhookConfig = {
      appid,
      url,
      ...(secret === undefined ? {} : { secret }),
      timeoutMs: optionalInteger(fields, "timeoutMs", 1, 60_000) ?? DEFAULT_TIMEOUT_MS,
      retryDelayMs: optionalInteger(fields, "retryDelayMs", 0, 60_000) ?? DEFAULT_RETRY_DELAY_MS,
    };
    state.webhooks.configure(config);
    return { webhook: view(config) };
  });

  app.get("/emulator/webhooks", async () => ({ webhooks: state.webhooks.list().map(view) }));

  app.post("/emulator/webhooks/verify", async (request, reply) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid"]);
    const config = state.webhooks.find(readAppid(state, fields));
    if (config === undefined) {
      return reply
        .code(404)
        .send({ error: "not_found", message: "no webhook configured for this app" });
    }
    return webhooks.verify(config);
  });

  app.get("/emulator/webhooks/deliveries", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid"]);
    const appid = optionalString(query, "appid");
    return { deliveries: state.webhooks.attempts(appid) };
  });
}

function readAppid(state: EmulatorState, fields: Fields): string {
  const appid = optionalString(fields, "appid") ?? state.apps.defaultApp.appid;
  if (state.apps.find(appid) === undefined) throw new InputError(`unknown appid "${appid}"`);
  return appid;
}

/** Never the secret itself. */
function view(config: WebhookConfig) {
  const { appid, url, timeoutMs, retryDelayMs } = config;
  return {
    appid,
    url,
    timeoutMs,
    retryDelayMs,
    secret: config.secret === undefined ? "app secret" : "custom",
  };
}
