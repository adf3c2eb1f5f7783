import { SUBSCRIPTION_ERRORS } from "../platform-errors.ts";
import { findTemplate, type RegisteredApp } from "../state/apps.ts";
import type { EmulatorState } from "../state/emulator-state.ts";

/** At most one message per second per user (per app). */
export const MIN_SEND_INTERVAL_MS = 1000;
const MAX_PAGE_LENGTH = 512;
const MAX_VALUE_LENGTH = 1024;

export interface NotifyRequest {
  readonly app: RegisteredApp;
  readonly openid: unknown;
  readonly templateId: unknown;
  readonly data: unknown;
  readonly page: unknown;
  /** notify_user's notify_type, already checked; recorded with the message. */
  readonly notifyType?: readonly number[];
}

export type NotifyOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly errNo: number; readonly message: string };

/**
 * One send of a subscription message, shared by notify_user (v2) and the v1 notify paths:
 * template of the app, data keys exactly the template's keywords, no banned word, a grant (a
 * one-time grant is used up), one message per second per user; then into the user's inbox.
 */
export function sendSubscriptionMessage(
  state: EmulatorState,
  request: NotifyRequest,
): NotifyOutcome {
  const fail = (errNo: number, message: string): NotifyOutcome => ({ ok: false, errNo, message });
  const { app, openid, templateId, data, page } = request;
  if (typeof openid !== "string" || openid === "") {
    return fail(SUBSCRIPTION_ERRORS.format, "open_id must be a non-empty string");
  }
  if (typeof templateId !== "string" || templateId === "") {
    return fail(SUBSCRIPTION_ERRORS.format, "the template id must be a non-empty string");
  }
  // Unsure: no source names the code for a template of another app; the format error.
  const template = findTemplate(app, templateId);
  if (template === undefined) {
    return fail(SUBSCRIPTION_ERRORS.format, "the template is not one of this app's templates");
  }
  if (page !== undefined && (typeof page !== "string" || page.length > MAX_PAGE_LENGTH)) {
    return fail(SUBSCRIPTION_ERRORS.format, `page must be a string of at most ${MAX_PAGE_LENGTH}`);
  }
  const values = readData(data);
  if (values === undefined) {
    return fail(SUBSCRIPTION_ERRORS.format, "data must be an object of string values");
  }
  const keys = Object.keys(values).sort();
  const keywords = [...template.keywords].sort();
  if (keys.length !== keywords.length || keys.some((key, index) => key !== keywords[index])) {
    return fail(
      SUBSCRIPTION_ERRORS.format,
      `data keys must be the template's keywords: ${template.keywords.join(", ")}`,
    );
  }
  const content = [...Object.values(values), page ?? ""];
  if (content.some((text) => state.bannedWords.some((word) => text.includes(word)))) {
    return fail(SUBSCRIPTION_ERRORS.violation, "the content contains a banned word");
  }
  if (!state.grants.isSubscribed(app.appid, openid, template)) {
    return fail(SUBSCRIPTION_ERRORS.notSubscribed, "the user has not subscribed to this template");
  }
  const now = state.clock.now();
  const last = state.inbox.lastDeliveryAt(app.appid, openid);
  if (last !== undefined && now - last < MIN_SEND_INTERVAL_MS) {
    return fail(SUBSCRIPTION_ERRORS.tooFrequent, "at most one message per second per user");
  }
  state.grants.use(app.appid, openid, template);
  state.inbox.deliver(app.appid, openid, {
    templateId: template.templateId,
    data: values,
    page: page ?? "",
    ...(request.notifyType === undefined ? {} : { notifyType: [...request.notifyType] }),
    at: now,
  });
  return { ok: true };
}

function readData(data: unknown): Record<string, string> | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const entries = Object.entries(data);
  if (entries.some(([, value]) => typeof value !== "string" || value.length > MAX_VALUE_LENGTH)) {
    return undefined;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
