import { findTemplate, type RegisteredApp } from "../state/apps.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import type { SubscriptionTemplate } from "../state/templates.ts";
import { SUBSCRIBE_ACTIONS, type SubscribeAction } from "../webhooks/events.ts";

/**
 * What the panel can answer per template. v2 statuses are accept|reject|fail|repeat|limit; `ban`
 * exists only in the legacy shape (see resultShape for how each is written in the other shape).
 */
export const SUBSCRIBE_DECISIONS = ["accept", "reject", "fail", "repeat", "limit", "ban"] as const;
export type SubscribeDecision = (typeof SUBSCRIBE_DECISIONS)[number];
type V2Status = Exclude<SubscribeDecision, "ban">;
type LegacyStatus = Exclude<SubscribeDecision, "repeat" | "limit">;
export type SubscribeShape = "v2" | "legacy";

/** tt.requestSubscribeMessage's client-side errors. */
export const SUBSCRIBE_ERRORS = {
  /** Also the emulator's pick for an empty list, repeated ids and mixing one-time with long-term. */
  badParams: 1002,
  tooMany: 1003,
  unknownTemplate: 1004,
} as const;

export const MAX_TEMPLATES_PER_REQUEST = 3;

export interface SubscribeRequest {
  readonly app: RegisteredApp;
  readonly openid: string;
  readonly templateIds: readonly string[];
  /** Per template id; accept when absent. */
  readonly decisions: Readonly<Record<string, SubscribeDecision>>;
  readonly shape: SubscribeShape;
  readonly alwaysSubscribe: boolean;
}

export type SubscribeOutcome =
  | {
      readonly ok: true;
      readonly result: Record<string, unknown>;
      readonly actions: readonly { templateId: string; action: SubscribeAction }[];
    }
  | { readonly ok: false; readonly errNo: number; readonly message: string };

/** Applies the user's choices in the subscription panel: grants, and the answer the page gets. */
export function decideSubscription(
  state: EmulatorState,
  request: SubscribeRequest,
): SubscribeOutcome {
  const { app, openid, templateIds } = request;
  const fail = (errNo: number, message: string): SubscribeOutcome => ({
    ok: false,
    errNo,
    message,
  });
  if (templateIds.length === 0) return fail(SUBSCRIBE_ERRORS.badParams, "tmplIds is empty");
  if (templateIds.length > MAX_TEMPLATES_PER_REQUEST) {
    return fail(SUBSCRIBE_ERRORS.tooMany, "at most 3 tmplIds");
  }
  if (new Set(templateIds).size !== templateIds.length) {
    return fail(SUBSCRIBE_ERRORS.badParams, "tmplIds repeats an id");
  }
  const templates: SubscriptionTemplate[] = [];
  for (const id of templateIds) {
    const template = findTemplate(app, id);
    if (template === undefined)
      return fail(SUBSCRIBE_ERRORS.unknownTemplate, `unknown template ${id}`);
    templates.push(template);
  }
  if (new Set(templates.map((template) => template.kind)).size > 1) {
    return fail(SUBSCRIBE_ERRORS.badParams, "one-time and long-term templates cannot be mixed");
  }

  const decisions: Record<string, SubscribeDecision> = {};
  const actions: { templateId: string; action: SubscribeAction }[] = [];
  for (const template of templates) {
    const decision = request.decisions[template.templateId] ?? "accept";
    decisions[template.templateId] = decision;
    // Only a user's accept or refusal grants and pushes an event; ban (blocked by the platform),
    // fail, repeat and limit grant nothing and push no event.
    if (decision !== "accept" && decision !== "reject") continue;
    state.grants.record(app.appid, openid, template, decision, request.alwaysSubscribe);
    actions.push({ templateId: template.templateId, action: actionOf(template, decision) });
  }
  return { ok: true, result: resultShape(request, decisions), actions };
}

function actionOf(template: SubscriptionTemplate, decision: "accept" | "reject"): SubscribeAction {
  if (template.kind === "long-term") {
    return decision === "accept"
      ? SUBSCRIBE_ACTIONS.longTermAccepted
      : SUBSCRIBE_ACTIONS.longTermRefused;
  }
  return decision === "accept"
    ? SUBSCRIBE_ACTIONS.oneTimeAccepted
    : SUBSCRIBE_ACTIONS.oneTimeRefused;
}

/**
 * v2 statuses are accept|reject|fail|repeat|limit, and `ban` is legacy-only (reference,
 * "Subscription messages"). Neither shape has a status for the other's extras, so each is written
 * as "fail": a `ban` (the template blocked by the platform) is no user decision, grants nothing and
 * pushes no event, which is what v2's "fail" means and not "reject" (a user's refusal, which does
 * push an event); `repeat` and `limit` likewise grant nothing, and "fail" is the only legacy status
 * that says so without claiming a user decision. Unsure: the real mapping is not documented.
 */
function v2Status(decision: SubscribeDecision): V2Status {
  return decision === "ban" ? "fail" : decision;
}

function legacyStatus(decision: SubscribeDecision): LegacyStatus {
  return decision === "repeat" || decision === "limit" ? "fail" : decision;
}

/**
 * v2: `{templateSettings: {[id]: {status, alwaysSubscribe, allowReminderWay}}}`; legacy:
 * `{[id]: status, itemSettings: {[id]: status}}` (the seed article's Android answer). Unsure: the
 * typings declare both on one object.
 */
function resultShape(
  request: SubscribeRequest,
  decisions: Record<string, SubscribeDecision>,
): Record<string, unknown> {
  const errMsg = "requestSubscribeMessage:ok";
  if (request.shape === "legacy") {
    const statuses = Object.fromEntries(
      Object.entries(decisions).map(([id, decision]) => [id, legacyStatus(decision)]),
    );
    return { ...statuses, itemSettings: { ...statuses }, errMsg };
  }
  const templateSettings = Object.fromEntries(
    Object.entries(decisions).map(([id, decision]) => {
      const status = v2Status(decision);
      return [
        id,
        {
          status,
          alwaysSubscribe: status === "accept" && request.alwaysSubscribe,
          allowReminderWay: [
            {
              reminderType: "message_notice",
              reminderStatus: status === "accept" ? "accept" : "reject",
            },
          ],
        },
      ];
    }),
  );
  return { templateSettings, errMsg };
}
