import { DouyinInputError } from "../errors.ts";
import type { CallDeps } from "./deps.ts";
import { postWithClientToken } from "./token-post.ts";
import { optionalText, requireId, requireInput, requireMessageData } from "./validate.ts";

export const NOTIFY_USER_PATH = "/api/notification/v2/subscription/notify_user/";

/** notify_type's values (notify_user v2 page): how the message reaches the user. */
export const NOTIFY_TYPES = {
  /** A real-time reminder (banner in Douyin, push outside): only for templates with that
   * ability, to users who allowed it. */
  realtimeReminder: 1,
  /** An in-app message (the service notifications). */
  inAppMessage: 2,
} as const;

export type NotifyType = (typeof NOTIFY_TYPES)[keyof typeof NOTIFY_TYPES];

export interface NotifyUserInput {
  readonly openid: string;
  /** The template id from the console (sent as `msg_id`). */
  readonly templateId: string;
  /** `{keyword: value}`, the template's keywords exactly. */
  readonly data: Readonly<Record<string, string>>;
  /** Mini-program page opened from the message, with its query. */
  readonly page?: string;
  /**
   * `notify_type`: a list, e.g. `[1, 2]` (see NOTIFY_TYPES). Absent: the platform's default
   * (not documented; the in-app message, as before the field existed, is the likely one).
   */
  readonly notifyType?: readonly NotifyType[];
}

export interface NotifyResult {
  readonly logId?: string;
}

/**
 * Sends a subscription message (current API, open.douyin.com, client_token in `access-token`).
 * NEVER retried, not even after a timeout or a busy answer: a send that reached the platform
 * would deliver twice and use another one-time grant. Retry at the application level with your
 * own de-duplication if needed. Token errors are renewed once by withToken (a refused token
 * sends nothing).
 */
export async function notifyUser(deps: CallDeps, input: NotifyUserInput): Promise<NotifyResult> {
  const fields = requireInput(
    input,
    "notifyUser",
    "{openid, templateId, data, page?, notifyType?}",
  );
  const openid = requireId(fields.openid, "openid");
  const templateId = requireId(fields.templateId, "templateId");
  const data = requireMessageData(fields.data);
  const page = optionalText(fields.page, "page", 1024);
  const notifyType = readNotifyType(fields.notifyType);
  const answer = await postWithClientToken(deps, NOTIFY_USER_PATH, {
    open_id: openid,
    msg_id: templateId,
    data,
    ...(page === undefined ? {} : { page }),
    ...(notifyType === undefined ? {} : { notify_type: notifyType }),
  });
  return answer.logId === undefined ? {} : { logId: answer.logId };
}

const NOTIFY_TYPE_VALUES: readonly unknown[] = Object.values(NOTIFY_TYPES);

/** A non-empty list of distinct documented values (a bare number is what the platform refuses). */
function readNotifyType(value: unknown): NotifyType[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    new Set(value).size !== value.length ||
    !value.every((type) => NOTIFY_TYPE_VALUES.includes(type))
  ) {
    throw new DouyinInputError(
      "notifyType",
      "notifyType must be a list of distinct values: 1 (real-time reminder), 2 (in-app message)",
    );
  }
  return [...value] as NotifyType[];
}
