import type { EmulatorClock } from "./clock.ts";
import type { IdFactory } from "./ids.ts";
import type { PersonaSession } from "./sessions.ts";

/** 3 minutes per the login docs (unsure: a newer page says 5). */
export const LOGIN_CODE_TTL_MS = 3 * 60 * 1000;

export type CodeKind = "code" | "anonymous_code";

export interface CodeGrant {
  readonly kind: CodeKind;
  readonly session: PersonaSession;
  readonly expiresAt: number;
}

/** Single-use login codes handed to the device and exchanged by the developer's server. */
export class CodeStore {
  readonly #ids: IdFactory;
  readonly #clock: EmulatorClock;
  readonly #grants = new Map<string, CodeGrant>();

  constructor(ids: IdFactory, clock: EmulatorClock) {
    this.#ids = ids;
    this.#clock = clock;
  }

  issue(kind: CodeKind, session: PersonaSession): string {
    this.#forgetExpired();
    const code = kind === "code" ? this.#ids.loginCode() : this.#ids.anonymousCode();
    this.#grants.set(grantKey(kind, code), {
      kind,
      session,
      expiresAt: this.#clock.now() + LOGIN_CODE_TTL_MS,
    });
    return code;
  }

  /** The grant behind a code that is unused, unexpired and issued for `appid`; never consumes it. */
  find(kind: CodeKind, appid: string, code: string): CodeGrant | undefined {
    const grant = this.#grants.get(grantKey(kind, code));
    if (grant === undefined || grant.session.appid !== appid) return undefined;
    if (this.#clock.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  consume(kind: CodeKind, code: string): void {
    this.#grants.delete(grantKey(kind, code));
  }

  clear(): void {
    this.#grants.clear();
  }

  #forgetExpired(): void {
    const now = this.#clock.now();
    for (const [key, grant] of this.#grants) {
      if (now >= grant.expiresAt) this.#grants.delete(key);
    }
  }
}

function grantKey(kind: CodeKind, code: string): string {
  return `${kind}\u0000${code}`;
}
