import type { User } from "@tt/contract";

/** The index page's data, as pages/index/index.ts defines it. */
export interface IndexData {
  status: "loading" | "ready" | "error" | "signedOut";
  user: User | null;
  lastLogin: string;
  error: { code: string; message: string } | null;
  busy: boolean;
}

/** Where services/session-store.ts keeps the session in tt storage. */
export const SESSION_KEY = "auth.session";
