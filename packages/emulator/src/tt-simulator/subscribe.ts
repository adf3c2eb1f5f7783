import type { UserAnswers } from "./answers.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import type { UserGesture } from "./gesture.ts";
import type { Persona } from "./login.ts";
import { NOT_IN_TAP } from "./user-info.ts";

/** The v2 or the legacy shape, exactly as the emulator's subscription panel answers. */
export type SubscribeResult = Record<string, unknown>;

/**
 * tt.requestSubscribeMessage({tmplIds}): tap only; the user's choices come from
 * `answers.subscribe` (accept everything by default). The emulator records the grants and
 * enforces Douyin's rules (at most 3 ids, known templates, one-time and long-term not mixed).
 */
export function subscribeApis(
  emulatorUrl: string,
  persona: Persona,
  answers: UserAnswers,
  gesture: UserGesture,
  report: ErrorReporter,
) {
  return {
    requestSubscribeMessage(options: { tmplIds: string[] } & CallbackOptions<SubscribeResult>) {
      const inTap = gesture.active;
      settleAsync(
        "requestSubscribeMessage",
        options,
        async () => {
          // Unsure: Douyin's wording; the one getUserProfile uses.
          if (!inTap) throw new TtFailure(NOT_IN_TAP);
          const tmplIds: unknown = options?.tmplIds;
          const { decisions = {}, shape, alwaysSubscribe } = answers.subscribe;
          const asked = Array.isArray(tmplIds) ? tmplIds : [];
          const body = await callDevice(emulatorUrl, persona, {
            method: "POST",
            path: "/device/subscribe",
            body: {
              tmplIds,
              decisions: Object.fromEntries(
                Object.entries(decisions).filter(([id]) => asked.includes(id)),
              ),
              ...(shape === undefined ? {} : { shape }),
              ...(alwaysSubscribe === undefined ? {} : { alwaysSubscribe }),
            },
          });
          const { errMsg: _ignored, ...result } = body;
          return result;
        },
        report,
      );
    },
  };
}
