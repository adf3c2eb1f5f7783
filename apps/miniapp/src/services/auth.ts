import { type LoginRequest, ProblemCode, type Session, type User } from "@tt/contract";
import type { DevicePlatform } from "../platform/index.ts";
import { type ApiClient, isApiProblemError } from "./api-client.ts";
import { clearSession, readSession, type StoredSession, saveSession } from "./session-store.ts";
import { singleFlight } from "./single-flight.ts";

export interface Auth {
  /** The signed-in user as the server sees them now; logs in when there is no session yet. */
  currentUser(): Promise<User>;
  /**
   * tt.login → POST /api/auth/login; retried once with fresh codes if the server rejects them.
   * Also what to do on SESSION_EXPIRED: the new tt.login gives the server a fresh session key.
   */
  login(): Promise<Session>;
  /**
   * For a guest who wants to become a Douyin user: tt.login with `force`, which shows Douyin's
   * login panel to a person not logged in (refused: a TtApiError). The server upgrades the guest.
   */
  loginWithDouyin(): Promise<Session>;
  /** Forgets the session on this device, then ends it on the server. */
  logout(): Promise<void>;
  /**
   * Runs an API call with the access token (logging in first if there is no session). If the
   * token is refused (401 UNAUTHORIZED / ACCESS_TOKEN_EXPIRED) it refreshes, or logs in, and runs
   * the call once more. Other errors, SESSION_EXPIRED included, are the caller's.
   */
  authorized<T>(call: (accessToken: string) => Promise<T>): Promise<T>;
  /** Called after each successful login (not after a refresh). */
  onLogin(listener: (session: Session) => void): void;
}

const rejectedCodes = new Set<string>([
  ProblemCode.LoginCodeInvalid,
  ProblemCode.AnonymousCodeInvalid,
]);

/** 401s that a refresh cures. SESSION_EXPIRED (the Douyin session key) is not one of them. */
const tokenRefusedCodes = new Set<string>([
  ProblemCode.Unauthorized,
  ProblemCode.AccessTokenExpired,
]);

export function createAuth(api: ApiClient, platform: DevicePlatform): Auth {
  const loginListeners: Array<(session: Session) => void> = [];

  /**
   * At launch `force` is false: a person not logged in to Douyin becomes a guest without a login
   * panel popping up; loginWithDouyin asks for the panel. A second refresh with an already rotated
   * refresh token would look like token theft to the server: both run single flight.
   */
  const login = singleFlight((force: boolean) => loginWithRetry(force));
  /** Resolves undefined when the server says the session is over (log in again). */
  const refresh = singleFlight(refreshOnce);

  async function loginWithRetry(force: boolean): Promise<Session> {
    try {
      return await loginOnce(force);
    } catch (error) {
      if (!(isApiProblemError(error) && rejectedCodes.has(error.code))) throw error;
      // Codes are single-use and short-lived: a new tt.login gives a new pair.
      return loginOnce(force);
    }
  }

  async function loginOnce(force: boolean): Promise<Session> {
    const { code, anonymousCode } = await platform.login(force);
    const body: LoginRequest = {};
    if (code) body.code = code;
    if (anonymousCode) body.anonymousCode = anonymousCode;
    const session = await api.login(body);
    saveSession(session);
    for (const listener of loginListeners) {
      try {
        listener(session);
      } catch (error) {
        console.warn("[auth] a login listener failed", error);
      }
    }
    return session;
  }

  /**
   * New tokens after `used` was refused. A refresh may have finished while this call was on the
   * wire (a parallel call's 401 came first): then the stored tokens are already new, and
   * refreshing again would re-send a spent refresh token, which the server takes for theft and
   * answers by ending the session (REFRESH_TOKEN_REUSED).
   */
  async function renew(used: StoredSession): Promise<StoredSession | Session> {
    const stored = readSession();
    if (stored && stored.accessToken !== used.accessToken) return stored;
    return (await refresh((stored ?? used).refreshToken)) ?? (await login(false));
  }

  async function refreshOnce(refreshToken: string): Promise<Session | undefined> {
    try {
      const session = await api.refresh({ refreshToken });
      saveSession(session);
      return session;
    } catch (error) {
      if (!isSessionOver(error)) throw error;
      clearSession();
      return undefined;
    }
  }

  async function currentUser(): Promise<User> {
    const stored = readSession();
    if (!stored) return (await login(false)).user;
    try {
      return (await api.me(stored.accessToken)).user;
    } catch (error) {
      if (!isTokenRefused(error)) throw error;
    }
    return (await renew(stored)).user;
  }

  async function authorized<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const stored: StoredSession = readSession() ?? (await login(false));
    try {
      return await call(stored.accessToken);
    } catch (error) {
      if (!isTokenRefused(error)) throw error;
    }
    const renewed = await renew(stored);
    return call(renewed.accessToken);
  }

  async function logout(): Promise<void> {
    const stored = readSession();
    clearSession();
    if (!stored) return;
    try {
      await api.logout({ refreshToken: stored.refreshToken }, stored.accessToken);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      // The access token expired: refreshing proves we still own the session, then end it.
      const refreshed = await api.refresh({ refreshToken: stored.refreshToken }).catch(() => null);
      if (refreshed) {
        await api.logout({ refreshToken: refreshed.refreshToken }, refreshed.accessToken);
      }
    }
  }

  return {
    currentUser,
    login: () => login(false),
    loginWithDouyin: () => login(true),
    logout,
    authorized,
    onLogin: (listener) => {
      loginListeners.push(listener);
    },
  };
}

function isUnauthorized(error: unknown): boolean {
  return isApiProblemError(error) && error.status === 401;
}

function isTokenRefused(error: unknown): boolean {
  return isUnauthorized(error) && tokenRefusedCodes.has((error as { code: string }).code);
}

/** A refresh that the server refused for good (not a 5xx, not a rate limit). */
function isSessionOver(error: unknown): boolean {
  return (
    isApiProblemError(error) && error.status >= 400 && error.status < 500 && error.status !== 429
  );
}
