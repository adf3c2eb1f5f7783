import type { User } from "@tt/contract";

/** The index page's data, as pages/index/index.ts defines it. */
export interface IndexData {
  status: "loading" | "ready" | "error" | "signedOut";
  user: User | null;
  lastLogin: string;
  error: { code: string; message: string; hint: string } | null;
  notice: { kind: "success" | "warning" | "error"; code: string; message: string } | null;
  busy: boolean;
  privacyPrompt: { api: string } | null;
  /** Emulator mode only: the persona picker. */
  persona?: string;
  personas?: string[];
  douyinLoggedIn?: boolean;
}

/** Where services/session-store.ts keeps the session in tt storage. */
export const SESSION_KEY = "auth.session";
