import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";

export type UiEvent =
  | { type: "showToast"; title: string; icon: string; duration: number }
  | { type: "hideToast" }
  | { type: "showLoading"; title: string }
  | { type: "hideLoading" }
  | { type: "showModal"; title: string; content: string; answer: ModalAnswer }
  /** The authorization popup of a scope's first use. */
  | { type: "authorize"; scope: string; allowed: boolean }
  /** The user's own consent dialog of getUserProfile, getUserInfo, getPhoneNumber. */
  | { type: "consent"; api: string; allowed: boolean }
  | { type: "openSetting"; changes: Record<string, boolean> }
  /** Douyin's own login panel (tt.login with force, for a person not logged in to Douyin). */
  | { type: "douyinLogin"; answer: "login" | "cancel" }
  /**
   * The privacy authorization: the official popup (`via: "popup"`, for `api`), the page's own
   * agree button (`via: "button"`), or the page's onNeedPrivacyAuthorization listener resolving
   * (`via: "listener"`; `agreed` false when it said agree without the button having been tapped).
   */
  | { type: "privacy"; via: "popup" | "button" | "listener"; api?: string; agreed: boolean }
  | { type: "openPrivacyContract" };

export interface ModalAnswer {
  confirm: boolean;
  cancel: boolean;
  content?: string;
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  confirmText?: string;
  cancelText?: string;
}

/** Decides what the user taps in a modal. Default: confirm. */
export type ModalResponder = (options: ModalOptions) => ModalAnswer;

/** What is on screen now, besides the log of everything that was. */
export interface UiState {
  toast: string | null;
  loading: string | null;
}

export function uiApis(
  log: UiEvent[],
  state: UiState,
  answerModal: ModalResponder,
  report: ErrorReporter,
) {
  const record = (event: UiEvent) => () => {
    log.push(event);
    return {};
  };
  return {
    showToast(
      options: { title: string; icon?: string; duration?: number } & CallbackOptions<object>,
    ) {
      const event = {
        type: "showToast",
        title: String(options.title ?? ""),
        icon: options.icon ?? "success",
        duration: options.duration ?? 1500,
      } as const;
      state.toast = event.title;
      settleAsync("showToast", options, record(event), report);
    },
    hideToast(options?: CallbackOptions<object>) {
      state.toast = null;
      settleAsync("hideToast", options, record({ type: "hideToast" }), report);
    },
    showLoading(options: { title: string; mask?: boolean } & CallbackOptions<object>) {
      state.loading = String(options.title ?? "");
      settleAsync(
        "showLoading",
        options,
        record({ type: "showLoading", title: state.loading }),
        report,
      );
    },
    hideLoading(options?: CallbackOptions<object>) {
      state.loading = null;
      settleAsync("hideLoading", options, record({ type: "hideLoading" }), report);
    },
    showModal(options: ModalOptions & CallbackOptions<ModalAnswer>) {
      settleAsync(
        "showModal",
        options,
        () => {
          const answer = answerModal(options);
          log.push({
            type: "showModal",
            title: options.title ?? "",
            content: options.content ?? "",
            answer,
          });
          return answer;
        },
        report,
      );
    },
  };
}

export const confirmEveryModal: ModalResponder = () => ({ confirm: true, cancel: false });
