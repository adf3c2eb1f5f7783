import type { SubscribeResult, SubscriptionGrants } from "@tt/contract";
import type { DevicePlatform } from "../platform/index.ts";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { isCancelled, type SubscribeMessageResult } from "./tt-promise.ts";

export type SubscribeOutcome =
  | {
      kind: "answered";
      /** The user's grants as the server now has them. */
      grants: SubscriptionGrants["grants"];
      /** Template ids the user accepted in this request. */
      accepted: string[];
    }
  /** The person closed the dialog without deciding: nothing to record, nothing went wrong. */
  | { kind: "cancelled" };

export interface SubscriptionService {
  /**
   * tt.requestSubscribeMessage(the configured templates) → POST /api/me/subscriptions with the
   * answer unchanged. Call it first thing in a tap handler: the request only works inside the tap.
   */
  subscribe(): Promise<SubscribeOutcome>;
}

export function createSubscriptionService(
  api: ApiClient,
  auth: Auth,
  platform: DevicePlatform,
  templateIds: readonly string[],
): SubscriptionService {
  async function record(asked: Promise<SubscribeMessageResult>): Promise<SubscribeOutcome> {
    let result: SubscribeMessageResult;
    try {
      result = await asked;
    } catch (error) {
      if (isCancelled(error)) return { kind: "cancelled" };
      throw error;
    }
    const body = { result: result as SubscribeResult };
    const { grants } = await auth.authorized((token) => api.recordSubscriptions(token, body));
    return { kind: "answered", grants, accepted: acceptedTemplates(result, templateIds) };
  }
  return {
    subscribe: () => record(platform.requestSubscribeMessage(templateIds)),
  };
}

/** Accepted ids in either answer shape: v2 `templateSettings[id].status` or legacy `[id]`. */
export function acceptedTemplates(
  result: Record<string, unknown>,
  templateIds: readonly string[],
): string[] {
  const settings = result.templateSettings;
  return templateIds.filter((id) => {
    const v2 =
      typeof settings === "object" && settings !== null
        ? (settings as Record<string, { status?: unknown } | undefined>)[id]?.status
        : undefined;
    return (v2 ?? result[id]) === "accept";
  });
}
