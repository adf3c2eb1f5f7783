import type { Session, User } from "@tt/contract";

/** Storage key of the current session: the tokens and the user they were issued for. */
export const SESSION_STORAGE_KEY = "auth.session";

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export function readSession(): StoredSession | undefined {
  let value: unknown;
  try {
    value = tt.getStorageSync(SESSION_STORAGE_KEY);
  } catch {
    return undefined;
  }
  return isStoredSession(value) ? value : undefined;
}

export function saveSession(session: Session): StoredSession {
  const stored: StoredSession = {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    user: session.user,
  };
  tt.setStorageSync(SESSION_STORAGE_KEY, stored);
  return stored;
}

export function clearSession(): void {
  tt.removeStorageSync(SESSION_STORAGE_KEY);
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof StoredSession, unknown>>;
  return (
    typeof candidate.accessToken === "string" &&
    typeof candidate.refreshToken === "string" &&
    typeof candidate.user === "object" &&
    candidate.user !== null
  );
}
