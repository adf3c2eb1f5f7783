import { badResponse, fieldsOf } from "../bad-response.ts";
import type { CallDeps } from "./deps.ts";
import { queryWithClientToken } from "./token-post.ts";
import { requireId, requireInput } from "./validate.ts";

export const QUERY_USER_SUBSCRIPTION_PATH =
  "/api/notification/v2/subscription/query_user_subscribe/";

export interface QueryUserSubscriptionInput {
  readonly openid: string;
  /** Sent as `msg_id`. */
  readonly templateId: string;
}

export interface UserSubscription {
  /** (?) `subscribe_status` as the platform answers it; the sources do not list its values. */
  readonly subscribeStatus: number;
  /** `user_allow_notification`. */
  readonly userAllowNotification: boolean;
  readonly logId?: string;
}

/** Asks whether a user subscribed to a template (open.douyin.com). A query: retried. */
export async function queryUserSubscription(
  deps: CallDeps,
  input: QueryUserSubscriptionInput,
): Promise<UserSubscription> {
  const fields = requireInput(input, "queryUserSubscription", "{openid, templateId}");
  const openid = requireId(fields.openid, "openid");
  const templateId = requireId(fields.templateId, "templateId");
  const answer = await queryWithClientToken(deps, QUERY_USER_SUBSCRIPTION_PATH, {
    open_id: openid,
    msg_id: templateId,
  });
  const data = fieldsOf(answer.data);
  // A number, or a string of digits (?): Number(null) and Number("") would pass as 0.
  const raw = data?.subscribe_status;
  const status = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (data === undefined || typeof status !== "number" || !Number.isFinite(status)) {
    throw badResponse(QUERY_USER_SUBSCRIPTION_PATH, answer, "subscribe_status");
  }
  return {
    subscribeStatus: status,
    userAllowNotification: data.user_allow_notification === true,
    ...(answer.logId === undefined ? {} : { logId: answer.logId }),
  };
}
