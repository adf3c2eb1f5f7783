import type { IdFactory } from "./ids.ts";

export interface PersonaSession {
  readonly appid: string;
  readonly persona: string;
  readonly openid: string;
  readonly anonymousOpenid: string;
  readonly unionid: string;
  /** The current session_key: replaced by every device login. */
  readonly sessionKey: string;
  /** Whether that login was made logged in to Douyin (else: an anonymous login). */
  readonly loggedIn: boolean;
}

/** The current session of each (appid, persona) that has logged in on the device side. */
export class SessionStore {
  readonly #ids: IdFactory;
  readonly #sessions = new Map<string, PersonaSession>();

  constructor(ids: IdFactory) {
    this.#ids = ids;
  }

  /** A device login: issues a new session_key, so the previous one is no longer current. */
  rotate(appid: string, persona: string, loggedIn = true): PersonaSession {
    const session: PersonaSession = {
      appid,
      persona,
      openid: this.#ids.openid(appid, persona),
      anonymousOpenid: this.#ids.anonymousOpenid(appid, persona),
      unionid: this.#ids.unionid(persona),
      sessionKey: this.#ids.sessionKey(),
      loggedIn,
    };
    this.#sessions.set(keyOf(appid, persona), session);
    return session;
  }

  get(appid: string, persona: string): PersonaSession | undefined {
    return this.#sessions.get(keyOf(appid, persona));
  }

  /** Every current session, in the order the personas first logged in. */
  list(): PersonaSession[] {
    return [...this.#sessions.values()];
  }

  clear(): void {
    this.#sessions.clear();
  }
}

function keyOf(appid: string, persona: string): string {
  return `${appid}\u0000${persona}`;
}
