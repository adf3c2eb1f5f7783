import type { EmulatorClock } from "./clock.ts";
import type { IdFactory } from "./ids.ts";

/** Both credentials live 2 hours of emulator time (`expires_in: 7200`). */
export const TOKEN_TTL_MS = 7200 * 1000;
/** A new fetch cuts the previous token's remaining life to 5 minutes. */
export const TOKEN_OVERLAP_MS = 5 * 60 * 1000;
/** Only the newest two tokens of an app are valid at all. */
const VALID_GENERATIONS = 2;
/** Older tokens are forgotten (they then check as unknown, which answers the same error). */
const HISTORY_PER_APP = 20;

/** access_token: developer.toutiao.com's `/api/apps/v2/token`; client_token: open.douyin.com's `/oauth/client_token/`. */
export type TokenKind = "access_token" | "client_token";
export const TOKEN_KINDS: readonly TokenKind[] = ["access_token", "client_token"];

export type TokenState = "valid" | "expired" | "revoked" | "superseded";

export type TokenCheck =
  | { readonly ok: true; readonly appid: string }
  | { readonly ok: false; readonly reason: "missing" | "unknown" | Exclude<TokenState, "valid"> };

export interface TokenView {
  readonly kind: TokenKind;
  readonly appid: string;
  readonly token: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly state: TokenState;
}

interface TokenRecord {
  readonly kind: TokenKind;
  readonly appid: string;
  readonly token: string;
  readonly issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  superseded: boolean;
}

/** Issued access and client tokens per app, with the platform's overlap and two-generation rules. */
export class TokenStore {
  readonly #ids: IdFactory;
  readonly #clock: EmulatorClock;
  /** Per kind and app, oldest first. */
  readonly #issued = new Map<string, TokenRecord[]>();
  readonly #byToken = new Map<string, TokenRecord>();

  constructor(ids: IdFactory, clock: EmulatorClock) {
    this.#ids = ids;
    this.#clock = clock;
  }

  issue(kind: TokenKind, appid: string): TokenView {
    const now = this.#clock.now();
    const key = appKey(kind, appid);
    const issued = this.#issued.get(key) ?? [];
    const previous = issued.at(-1);
    if (previous !== undefined) {
      previous.expiresAt = Math.min(previous.expiresAt, now + TOKEN_OVERLAP_MS);
    }
    const record: TokenRecord = {
      kind,
      appid,
      token: kind === "access_token" ? this.#ids.accessToken() : this.#ids.clientToken(),
      issuedAt: now,
      expiresAt: now + TOKEN_TTL_MS,
      revoked: false,
      superseded: false,
    };
    issued.push(record);
    for (const older of issued.slice(0, -VALID_GENERATIONS)) older.superseded = true;
    for (const forgotten of issued.splice(0, Math.max(0, issued.length - HISTORY_PER_APP))) {
      this.#byToken.delete(tokenKey(kind, forgotten.token));
    }
    this.#issued.set(key, issued);
    this.#byToken.set(tokenKey(kind, record.token), record);
    return this.#view(record, now);
  }

  check(kind: TokenKind, token: string | undefined): TokenCheck {
    if (token === undefined || token === "") return { ok: false, reason: "missing" };
    const record = this.#byToken.get(tokenKey(kind, token));
    if (record === undefined) return { ok: false, reason: "unknown" };
    const state = stateOf(record, this.#clock.now());
    return state === "valid" ? { ok: true, appid: record.appid } : { ok: false, reason: state };
  }

  /** Revokes every currently valid token of `kind` (of one app, or of all): how many were valid. */
  invalidate(kind: TokenKind, appid?: string): number {
    const now = this.#clock.now();
    let count = 0;
    for (const record of this.#byToken.values()) {
      if (record.kind !== kind || (appid !== undefined && record.appid !== appid)) continue;
      if (stateOf(record, now) === "valid") count += 1;
      record.revoked = true;
    }
    return count;
  }

  list(filter: { appid?: string; kind?: TokenKind } = {}): TokenView[] {
    const now = this.#clock.now();
    return [...this.#byToken.values()]
      .filter((record) => filter.appid === undefined || record.appid === filter.appid)
      .filter((record) => filter.kind === undefined || record.kind === filter.kind)
      .map((record) => this.#view(record, now));
  }

  clear(): void {
    this.#issued.clear();
    this.#byToken.clear();
  }

  #view(record: TokenRecord, now: number): TokenView {
    const { kind, appid, token, issuedAt, expiresAt } = record;
    return { kind, appid, token, issuedAt, expiresAt, state: stateOf(record, now) };
  }
}

function stateOf(record: TokenRecord, now: number): TokenState {
  if (record.revoked) return "revoked";
  if (record.superseded) return "superseded";
  return now >= record.expiresAt ? "expired" : "valid";
}

function appKey(kind: TokenKind, appid: string): string {
  return `${kind}\u0000${appid}`;
}

function tokenKey(kind: TokenKind, token: string): string {
  return `${kind}\u0000${token}`;
}
