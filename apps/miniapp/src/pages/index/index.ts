import type { User } from "@tt/contract";
import type { AppGlobals } from "../../app-globals.ts";
import { describeError, type ErrorView } from "../../services/error-view.ts";
import { showToast } from "../../services/tt-promise.ts";
import { formatDateTime } from "../../utils/format-date.ts";

type Status = "loading" | "ready" | "error" | "signedOut";

interface IndexData {
  status: Status;
  user: User | null;
  /** user.lastLoginAt, formatted for people. */
  lastLogin: string;
  error: ErrorView | null;
  /** A logout is in flight. */
  busy: boolean;
}

interface IndexMethods {
  load(): Promise<void>;
  onRetry(): Promise<void>;
  onLogin(): Promise<void>;
  onLogout(): Promise<void>;
}

const initialData: IndexData = {
  status: "loading",
  user: null,
  lastLogin: "",
  error: null,
  busy: false,
};

Page<IndexData, IndexMethods>({
  data: initialData,

  onLoad() {
    void this.load();
  },

  /** Never rejects: every failure becomes the error state. */
  async load() {
    this.setData({ status: "loading", error: null });
    try {
      const user = await getApp<AppGlobals>().auth.currentUser();
      this.setData({
        status: "ready",
        user,
        lastLogin: formatDateTime(user.lastLoginAt),
        error: null,
      });
    } catch (error) {
      console.warn("[index] sign-in failed", error);
      this.setData({ status: "error", user: null, error: describeError(error) });
    }
  },

  onRetry() {
    return this.load();
  },

  onLogin() {
    return this.load();
  },

  async onLogout() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    let serverConfirmed = true;
    try {
      await getApp<AppGlobals>().auth.logout();
    } catch (error) {
      // The session is already gone from this device; the server's copy expires on its own.
      console.warn("[index] logout was not confirmed by the server", error);
      serverConfirmed = false;
    }
    this.setData({ ...initialData, status: "signedOut" });
    void showToast({
      title: serverConfirmed ? "Logged out" : "Logged out on this device",
      icon: "none",
    }).catch(() => undefined);
  },
});
