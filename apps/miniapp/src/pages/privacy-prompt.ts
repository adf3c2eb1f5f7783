import type { AppGlobals } from "../app-globals.ts";
import type { PrivacyRequest } from "../services/privacy.ts";

/** The id of the prompt's agree button: Douyin checks the tap came from it. */
export const PRIVACY_AGREE_BUTTON_ID = "privacy-agree";

export interface PrivacyPromptData {
  /** Douyin holds an API until the person answers the prompt; null: no prompt. */
  privacyPrompt: PrivacyRequest | null;
}

type PromptPage = { setData(patch: PrivacyPromptData): void };

export type PrivacyPromptMethods = typeof privacyPromptMethods;

const unwatchers = new WeakMap<PromptPage, () => void>();

/** Every page spreads these in, and calls watchPrivacy in onLoad and unwatchPrivacy in onUnload. */
export const privacyPromptMethods = {
  watchPrivacy(this: PromptPage) {
    unwatchers.get(this)?.();
    const unwatch = getApp<AppGlobals>().privacy.watch((request) =>
      this.setData({ privacyPrompt: request }),
    );
    unwatchers.set(this, unwatch);
  },
  unwatchPrivacy(this: PromptPage) {
    unwatchers.get(this)?.();
    unwatchers.delete(this);
  },
  onAgreePrivacy() {
    getApp<AppGlobals>().privacy.agree(PRIVACY_AGREE_BUTTON_ID);
  },
  onDisagreePrivacy() {
    getApp<AppGlobals>().privacy.disagree();
  },
  onOpenPrivacyContract() {
    getApp<AppGlobals>().privacy.openContract();
  },
};
