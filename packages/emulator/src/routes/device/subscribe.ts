import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import {
  decideSubscription,
  SUBSCRIBE_DECISIONS,
  type SubscribeDecision,
  type SubscribeShape,
} from "../../subscriptions/subscribe.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalBoolean,
  rejectUnknownFields,
} from "../../validation.ts";
import type { WebhookDispatcher } from "../../webhooks/dispatcher.ts";
import { subscribeActionEvent } from "../../webhooks/events.ts";
import { DeviceFailure, readDeviceTarget } from "./device-failure.ts";

export const DEVICE_SUBSCRIBE_PATH = "/device/subscribe";

const API = "requestSubscribeMessage";

/**
 * tt.requestSubscribeMessage with the user's choices in the panel (`decisions`, accept by
 * default). Accepts grant sends; each accept or refusal pushes a user_subscribe_action event.
 */
export function registerDeviceSubscribe(
  app: FastifyInstance,
  state: EmulatorState,
  webhooks: WebhookDispatcher,
): void {
  state.envelopes.register(DEVICE_SUBSCRIBE_PATH, { family: "device", api: API });

  app.post(DEVICE_SUBSCRIBE_PATH, async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, [
      "appid",
      "user",
      "tmplIds",
      "decisions",
      "shape",
      "alwaysSubscribe",
    ]);
    const target = readDeviceTarget(state, fields);
    const templateIds = readTemplateIds(fields);
    const openid = state.ids.openid(target.app.appid, target.persona);
    const outcome = decideSubscription(state, {
      app: target.app,
      openid,
      templateIds,
      decisions: readDecisions(fields, templateIds),
      shape: readShape(fields),
      alwaysSubscribe: optionalBoolean(fields, "alwaysSubscribe") ?? false,
    });
    if (!outcome.ok) throw new DeviceFailure(API, outcome.errNo, outcome.message);
    for (const { templateId, action } of outcome.actions) {
      webhooks.emit(
        target.app.appid,
        subscribeActionEvent({
          appid: target.app.appid,
          openid,
          templateId,
          action,
          now: state.clock.now(),
          logId: state.newLogId(),
        }),
      );
    }
    return outcome.result;
  });
}

function readTemplateIds(fields: Fields): string[] {
  const ids = fields.tmplIds;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || id.length > 128)) {
    throw new InputError("tmplIds must be an array of template id strings");
  }
  return ids as string[];
}

function readDecisions(
  fields: Fields,
  templateIds: readonly string[],
): Record<string, SubscribeDecision> {
  const decisions = fields.decisions ?? {};
  if (typeof decisions !== "object" || decisions === null || Array.isArray(decisions)) {
    throw new InputError("decisions must be an object {templateId: decision}");
  }
  for (const [id, decision] of Object.entries(decisions)) {
    if (!templateIds.includes(id)) throw new InputError(`decisions names ${id}, not in tmplIds`);
    if (!SUBSCRIBE_DECISIONS.includes(decision as SubscribeDecision)) {
      throw new InputError(`decisions values must be one of ${SUBSCRIBE_DECISIONS.join(", ")}`);
    }
  }
  return decisions as Record<string, SubscribeDecision>;
}

function readShape(fields: Fields): SubscribeShape {
  const shape = fields.shape ?? "v2";
  if (shape !== "v2" && shape !== "legacy") throw new InputError('shape must be "v2" or "legacy"');
  return shape;
}
