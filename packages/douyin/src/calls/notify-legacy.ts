import type { CallDeps } from "./deps.ts";
import type { NotifyResult } from "./notify-user.ts";
import { tokenField } from "./token-post.ts";
import { optionalText, requireId, requireInput, requireMessageData } from "./validate.ts";

export const NOTIFY_LEGACY_PATH = "/api/apps/subscribe_notification/developer/v1/notify";

export interface NotifyLegacyInput {
  readonly openid: string;
  /** Sent as `tpl_id`. */
  readonly templateId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly page?: string;
}

/** The code of the warning emitted on the first use of notifyLegacy in a process. */
export const NOTIFY_LEGACY_DEPRECATION_CODE = "TT_DOUYIN_NOTIFY_V1";

let deprecationWarned = false;

/**
 * Sends a subscription message through the legacy v1 API (developer.toutiao.com, access_token
 * and app_id in the body). NEVER retried (it would deliver twice); token errors are renewed once.
 * @deprecated Douyin announced v1 offline for 2024-07-01 (notify_user v2 page): use notifyUser.
 * The first use in a process emits a DeprecationWarning (code TT_DOUYIN_NOTIFY_V1).
 */
export async function notifyLegacy(
  deps: CallDeps,
  input: NotifyLegacyInput,
): Promise<NotifyResult> {
  if (!deprecationWarned) {
    deprecationWarned = true;
    process.emitWarning(
      "notifyLegacy (v1 subscribe_notification notify) was scheduled offline by Douyin for 2024-07-01: use notifyUser (notify_user v2)",
      { type: "DeprecationWarning", code: NOTIFY_LEGACY_DEPRECATION_CODE },
    );
  }
  const fields = requireInput(input, "notifyLegacy", "{openid, templateId, data, page?}");
  const openid = requireId(fields.openid, "openid");
  const templateId = requireId(fields.templateId, "templateId");
  const data = requireMessageData(fields.data);
  const page = optionalText(fields.page, "page", 1024);
  const answer = await deps.withToken("access_token", (token) =>
    deps.http.postJson({
      family: "developer",
      path: NOTIFY_LEGACY_PATH,
      body: {
        ...tokenField(token),
        app_id: deps.credentials.appid,
        tpl_id: templateId,
        open_id: openid,
        data,
        ...(page === undefined ? {} : { page }),
      },
      sensitive: [token],
    }),
  );
  return answer.logId === undefined ? {} : { logId: answer.logId };
}
