import type { EmulatorClock } from "./clock.ts";
import type { PersonaSession } from "./sessions.ts";

/** tt.login's code and anonymousCode: 3 minutes per the login docs (unsure: a newer page says 5). */
export const LOGIN_CODE_TTL_MS = 3 * 60 * 1000;

/** The getPhoneNumber button's code: 5 minutes (per the new-flow docs). */
export const PHONE_CODE_TTL_MS = 5 * 60 * 1000;

export interface CodeGrant {
  readonly session: PersonaSession;
  readonly expiresAt: number;
}

/** A code as the dashboard lists it: who it was issued to, when, and whether it was redeemed. */
export interface IssuedCode {
  readonly code: string;
  readonly appid: string;
  readonly persona: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** When it was redeemed; undefined while unused. */
  usedAt: number | undefined;
}

/** How many issued codes each store remembers for the dashboard (the newest). */
export const CODE_HISTORY_LIMIT = 200;

/**
 * Single-use, expiring codes the device hands out and the developer's server redeems: one store
 * per kind of code (login code, anonymous code, phone code), each with its lifetime and its id
 * generator.
 */
export class SingleUseCodeStore {
  readonly #clock: EmulatorClock;
  readonly #lifetimeMs: number;
  readonly #newCode: () => string;
  /** In issue order, so in expiry order too: every code of a store lives #lifetimeMs. */
  readonly #grants = new Map<string, CodeGrant>();
  readonly #history: IssuedCode[] = [];

  constructor(clock: EmulatorClock, lifetimeMs: number, newCode: () => string) {
    this.#clock = clock;
    this.#lifetimeMs = lifetimeMs;
    this.#newCode = newCode;
  }

  issue(session: PersonaSession): string {
    const now = this.#clock.now();
    this.#forgetExpired(now);
    const code = this.#newCode();
    this.#grants.set(code, { session, expiresAt: now + this.#lifetimeMs });
    this.#history.push({
      code,
      appid: session.appid,
      persona: session.persona,
      issuedAt: now,
      expiresAt: now + this.#lifetimeMs,
      usedAt: undefined,
    });
    if (this.#history.length > CODE_HISTORY_LIMIT) this.#history.shift();
    return code;
  }

  /** The newest issued codes, newest first (copies). */
  history(): IssuedCode[] {
    return this.#history.map((issued) => ({ ...issued })).reverse();
  }

  /** The grant behind a code that is unused, unexpired and issued for `appid`; never consumes it. */
  find(appid: string, code: string): CodeGrant | undefined {
    const grant = this.#grants.get(code);
    if (grant === undefined || grant.session.appid !== appid) return undefined;
    if (this.#clock.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  consume(code: string): void {
    if (!this.#grants.delete(code)) return;
    const issued = this.#history.findLast((entry) => entry.code === code);
    if (issued !== undefined) issued.usedAt = this.#clock.now();
  }

  /** find, then consume: the session behind a good code, which this call uses up. */
  redeem(appid: string, code: string): PersonaSession | undefined {
    const grant = this.find(appid, code);
    if (grant !== undefined) this.consume(code);
    return grant?.session;
  }

  /** Codes held, expired ones not yet dropped included. */
  get size(): number {
    return this.#grants.size;
  }

  clear(): void {
    this.#grants.clear();
    this.#history.length = 0;
  }

  /**
   * Drops expired codes from the oldest on, stopping at the first unexpired one, so an issue
   * costs only the codes it drops. Should the order ever not match expiry, a missed expired code
   * is still refused by find and dropped by a later sweep.
   */
  #forgetExpired(now: number): void {
    for (const [code, grant] of this.#grants) {
      if (now < grant.expiresAt) return;
      this.#grants.delete(code);
    }
  }
}
