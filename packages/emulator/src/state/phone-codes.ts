import type { EmulatorClock } from "./clock.ts";
import type { IdFactory } from "./ids.ts";
import type { PersonaSession } from "./sessions.ts";

/** The getPhoneNumber button's code: single use, 5 minutes (per the new-flow docs). */
export const PHONE_CODE_TTL_MS = 5 * 60 * 1000;

interface PhoneGrant {
  readonly session: PersonaSession;
  readonly expiresAt: number;
}

/** Codes the device hands out for `get_phonenumber_info`; distinct from login codes. */
export class PhoneCodeStore {
  readonly #ids: IdFactory;
  readonly #clock: EmulatorClock;
  readonly #grants = new Map<string, PhoneGrant>();

  constructor(ids: IdFactory, clock: EmulatorClock) {
    this.#ids = ids;
    this.#clock = clock;
  }

  issue(session: PersonaSession): string {
    const now = this.#clock.now();
    for (const [code, grant] of this.#grants) {
      if (now >= grant.expiresAt) this.#grants.delete(code);
    }
    const code = this.#ids.phoneCode();
    this.#grants.set(code, { session, expiresAt: now + PHONE_CODE_TTL_MS });
    return code;
  }

  /** The session behind an unused, unexpired code of `appid`; the code is used up by this call. */
  redeem(appid: string, code: string): PersonaSession | undefined {
    const grant = this.#grants.get(code);
    if (grant === undefined || grant.session.appid !== appid) return undefined;
    this.#grants.delete(code);
    return this.#clock.now() >= grant.expiresAt ? undefined : grant.session;
  }

  clear(): void {
    this.#grants.clear();
  }
}
