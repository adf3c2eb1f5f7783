import type { FastifyInstance } from "fastify";
import { findTemplate } from "../../state/apps.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { WebhookConfig } from "../../state/webhooks.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalInteger,
  optionalPersona,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";
import type { WebhookDispatcher } from "../../webhooks/dispatcher.ts";
import { isSubscribeAction, subscribeActionEvent } from "../../webhooks/events.ts";
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

  // A push the subscription panel does not produce (0 "no relation", or an action without the
  // tap): sent as the platform would, changing no grant.
  app.post("/emulator/webhooks/subscribe-action", async (request, reply) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "user", "templateId", "action"]);
    const appid = readAppid(state, fields);
    const registered = state.apps.find(appid);
    const templateId = optionalString(fields, "templateId");
    if (registered === undefined || templateId === undefined) {
      throw new InputError("templateId is required");
    }
    if (findTemplate(registered, templateId) === undefined) {
      throw new InputError(`templateId is not a template of ${appid}`);
    }
    const action = fields.action;
    if (!isSubscribeAction(action)) throw new InputError("action must be 0, 1, 2, 3 or 4");
    if (state.webhooks.find(appid) === undefined) {
      return reply
        .code(404)
        .send({ error: "not_found", message: "no webhook configured for this app" });
    }
    const persona = optionalPersona(fields, "user") ?? "default";
    webhooks.emit(
      appid,
      subscribeActionEvent({
        appid,
        openid: state.ids.openid(appid, persona),
        templateId,
        action,
        now: state.clock.now(),
        logId: state.newLogId(),
      }),
    );
    return { pushed: true };
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
