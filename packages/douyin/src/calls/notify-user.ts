import type { CallDeps } from "./deps.ts";
import { postWithClientToken } from "./token-post.ts";
import {
  optionalInteger,
  optionalText,
  requireId,
  requireInput,
  requireMessageData,
} from "./validate.ts";

export const NOTIFY_USER_PATH = "/api/notification/v2/subscription/notify_user/";

export interface NotifyUserInput {
  readonly openid: string;
  /** The template id from the console (sent as `msg_id`). */
  readonly templateId: string;
  /** `{keyword: value}`, the template's keywords exactly. */
  readonly data: Readonly<Record<string, string>>;
  /** Mini-program page opened from the message, with its query. */
  readonly page?: string;
  /** (?) `notify_type`: a number whose values the sources do not document; sent as given. */
  readonly notifyType?: number;
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
  const notifyType = optionalInteger(fields.notifyType, "notifyType", 0, 1000);
  const answer = await postWithClientToken(deps, NOTIFY_USER_PATH, {
    open_id: openid,
    msg_id: templateId,
    data,
    ...(page === undefined ? {} : { page }),
    ...(notifyType === undefined ? {} : { notify_type: notifyType }),
  });
  return answer.logId === undefined ? {} : { logId: answer.logId };
}
