/**
 * Douyin's privacy authorization (base library ≥ 3.19.0; on for every app created after
 * 2024-03-25, `usePrivacyCheck` in app.json for older ones): before a covered API (profile, phone
 * number, location, address…) runs for a person who has not agreed to the app's privacy
 * guidelines, Douyin calls tt.onNeedPrivacyAuthorization's listener and holds the API until the
 * listener's `resolve` is called. With a listener registered the app shows its own prompt instead
 * of Douyin's: ours is on every page (pages/privacy-prompt.ts), with a button of
 * open-type="agreePrivacyAuthorization" — Douyin accepts "agree" only after that button was tapped.
 * "disagree" makes the held API fail with "<api>:fail privacy permission is not authorized".
 */

export type PrivacyDecision = { event: "agree"; buttonId: string } | { event: "disagree" };

type Resolve = (decision: PrivacyDecision) => void;

/** tt.onNeedPrivacyAuthorization and tt.openPrivacyContract: the typings 1.3.1 lack both. */
interface PrivacyApis {
  onNeedPrivacyAuthorization?: (
    listener: (resolve: Resolve, eventInfo: { referrer?: string }) => void,
  ) => void;
  openPrivacyContract?: (options: { fail?: (failure: { errMsg: string }) => void }) => void;
}

export interface PrivacyRequest {
  /** The API waiting for the person's agreement, when Douyin says (eventInfo.referrer). */
  api: string;
}

export interface PrivacyGate {
  /** A page shows the prompt while `listener` has a request; returns the unsubscribe. */
  watch(listener: (request: PrivacyRequest | null) => void): () => void;
  /** The agree button (open-type="agreePrivacyAuthorization") was tapped. */
  agree(buttonId: string): void;
  disagree(): void;
  /** Opens the privacy guidelines (not in devtools, on a phone only). */
  openContract(): void;
}

export function createPrivacyGate(): PrivacyGate {
  const apis = tt as unknown as PrivacyApis;
  const listeners = new Set<(request: PrivacyRequest | null) => void>();
  let pending: { resolve: Resolve; request: PrivacyRequest } | undefined;

  const notify = () => {
    for (const listener of listeners) listener(pending ? pending.request : null);
  };
  const settle = (decision: PrivacyDecision) => {
    const waiting = pending;
    pending = undefined;
    notify();
    waiting?.resolve(decision);
  };

  // Base libraries before 3.19.0 have no privacy authorization (and no listener to register).
  if (tt.canIUse("onNeedPrivacyAuthorization") && apis.onNeedPrivacyAuthorization) {
    apis.onNeedPrivacyAuthorization((resolve, eventInfo) => {
      // A second request while one is shown: the person answers once for both.
      const earlier = pending?.resolve;
      pending = {
        resolve: (decision) => {
          earlier?.(decision);
          resolve(decision);
        },
        request: { api: eventInfo?.referrer ?? "" },
      };
      if (listeners.size === 0) {
        // No page can show the prompt (the app is between pages): the API fails as refused.
        settle({ event: "disagree" });
        return;
      }
      notify();
    });
  }

  return {
    watch(listener) {
      listeners.add(listener);
      listener(pending ? pending.request : null);
      return () => listeners.delete(listener);
    },
    agree: (buttonId) => settle({ event: "agree", buttonId }),
    disagree: () => settle({ event: "disagree" }),
    openContract() {
      if (!tt.canIUse("openPrivacyContract") || !apis.openPrivacyContract) return;
      apis.openPrivacyContract({
        fail: (failure) => console.warn("[privacy] openPrivacyContract failed", failure.errMsg),
      });
    },
  };
}
