import type { User } from "@tt/contract";
import type { AppGlobals } from "../../app-globals.ts";
import { describeError, type ErrorView } from "../../services/error-view.ts";
import { isTtApiError, showToast } from "../../services/tt-promise.ts";
import { formatDateTime } from "../../utils/format-date.ts";
import { choosePersona, type PersonaData, personaData } from "../emulator-panel.ts";
import type { Notice } from "../notice.ts";
import {
  type PrivacyPromptData,
  type PrivacyPromptMethods,
  privacyPromptMethods,
} from "../privacy-prompt.ts";

type Status = "loading" | "ready" | "error" | "signedOut";

interface IndexData extends Partial<PersonaData>, PrivacyPromptData {
  status: Status;
  user: User | null;
  /** user.lastLoginAt, formatted for people. */
  lastLogin: string;
  error: ErrorView | null;
  /** What the last action did, when it did not end in the error state. */
  notice: Notice | null;
  /** A login with Douyin, a logout or a persona switch is in flight. */
  busy: boolean;
}

interface IndexMethods {
  load(): Promise<void>;
  show(user: User): void;
  onRetry(): Promise<void>;
  onLogin(): Promise<void>;
  onLoginWithDouyin(): Promise<void> | undefined;
  onLogout(): Promise<void> | undefined;
}

interface PersonaMethods {
  onPickPersona(event: { detail: { value: number | string } }): Promise<void> | undefined;
  onToggleDouyinLogin(event: { detail: { value: boolean } }): Promise<void> | undefined;
  /** Another person picks up the phone: sign them in. */
  switchPersona(change: { persona?: string; loggedIn?: boolean }): Promise<void>;
}

const initialData: IndexData = {
  status: "loading",
  user: null,
  lastLogin: "",
  error: null,
  notice: null,
  busy: false,
  privacyPrompt: null,
};

const services = () => getApp<AppGlobals>();

type IndexPage = { data: IndexData; setData(patch: Partial<IndexData>): void } & IndexMethods &
  PersonaMethods;

/** Emulator mode only: the persona picker (a real-mode build drops this object). */
const personaMethods: PersonaMethods & ThisType<IndexPage> = {
  onPickPersona(event) {
    if (this.data.busy) return;
    const persona = this.data.personas?.[Number(event.detail.value)];
    if (persona === undefined || persona === this.data.persona) return;
    return this.switchPersona({ persona });
  },
  onToggleDouyinLogin(event) {
    if (this.data.busy) return;
    return this.switchPersona({ loggedIn: Boolean(event.detail.value) });
  },
  switchPersona(change) {
    this.setData({ busy: true, notice: null });
    return choosePersona(change, () => this.load()).then((data) =>
      this.setData({ ...data, busy: false }),
    );
  },
};

Page<IndexData, IndexMethods & PrivacyPromptMethods & Partial<PersonaMethods>>({
  data: __EMULATOR__ ? { ...initialData, ...personaData() } : initialData,

  ...privacyPromptMethods,

  onLoad() {
    this.watchPrivacy();
    if (__EMULATOR__) this.setData(personaData());
    void this.load();
  },

  onUnload() {
    this.unwatchPrivacy();
  },

  /** Never rejects: every failure becomes the error state. */
  async load() {
    this.setData({ status: "loading", error: null, notice: null });
    try {
      this.show(await services().auth.currentUser());
    } catch (error) {
      console.warn("[index] sign-in failed", error);
      this.setData({ status: "error", user: null, error: describeError(error) });
    }
  },

  show(user) {
    this.setData({
      status: "ready",
      user,
      lastLogin: formatDateTime(user.lastLoginAt),
      error: null,
    });
  },

  onRetry() {
    return this.load();
  },

  onLogin() {
    return this.load();
  },

  /** A guest asks to become a Douyin user: Douyin's login panel, then the server upgrades them. */
  onLoginWithDouyin() {
    if (this.data.busy) return;
    this.setData({ busy: true, notice: null });
    return services()
      .auth.loginWithDouyin()
      .then(
        (session) => {
          this.show(session.user);
          this.setData({
            notice: {
              kind: "success",
              code: "DOUYIN_LOGIN",
              message: "You are now signed in with Douyin.",
            },
          });
        },
        (error: unknown) => {
          if (isTtApiError(error)) {
            // Douyin's login panel was closed: the guest stays a guest.
            this.setData({
              notice: {
                kind: "warning",
                code: "STILL_GUEST",
                message: "You are still a guest: log in to Douyin to keep your data.",
              },
            });
            return;
          }
          console.warn("[index] login with Douyin failed", error);
          this.setData({ status: "error", user: null, error: describeError(error) });
        },
      )
      .then(() => this.setData({ busy: false }));
  },

  onLogout() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    return services()
      .auth.logout()
      .then(
        () => true,
        (error: unknown) => {
          // The session is already gone from this device; the server's copy expires on its own.
          console.warn("[index] logout was not confirmed by the server", error);
          return false;
        },
      )
      .then((serverConfirmed) => {
        this.setData({ ...initialData, status: "signedOut" });
        void showToast({
          title: serverConfirmed ? "Logged out" : "Logged out on this device",
          icon: "none",
        }).catch(() => undefined);
      });
  },

  ...(__EMULATOR__ ? personaMethods : {}),
});
