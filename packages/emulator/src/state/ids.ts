import type { SeededRandom } from "./random.ts";

/**
 * Shapes of the platform's identifiers. The exact real formats are not documented; these are
 * close enough for code that stores and compares them (unsure: real openids look like "_000" +
 * base64url-ish text, unionids like UUIDs).
 */
export class IdFactory {
  readonly #random: SeededRandom;

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /** Stable per (appid, persona). */
  openid(appid: string, persona: string): string {
    return `_000${this.#random.stable(`openid\u0000${appid}\u0000${persona}`, 30).toString("base64url")}`;
  }

  /** Stable per (appid, persona). */
  anonymousOpenid(appid: string, persona: string): string {
    return `_000${this.#random.stable(`anonymous_openid\u0000${appid}\u0000${persona}`, 30).toString("base64url")}`;
  }

  /** Stable per persona across every app of the emulator: they all belong to one developer. */
  unionid(persona: string): string {
    return toUuid(this.#random.stable(`unionid\u0000${persona}`, 16));
  }

  loginCode(): string {
    return this.#random.next("code", 24).toString("base64url");
  }

  anonymousCode(): string {
    return this.#random.next("anonymous_code", 24).toString("base64url");
  }

  /** base64 of 16 bytes: the AES-128 key that decrypts user data. */
  sessionKey(): string {
    return this.#random.next("session_key", 16).toString("base64");
  }

  /** developer.toutiao.com's access_token: hex, starting like the documented examples ("0801121846…"). */
  accessToken(): string {
    return `0801121846${this.#random.next("access_token", 23).toString("hex")}`;
  }

  /** open.douyin.com's client_token: "clt." + 32 hex + letters and digits, like the documented example. */
  clientToken(): string {
    return `clt.${this.#random.next("client_token", 16).toString("hex")}${alphanumeric(this.#random.next("client_token_tail", 28))}`;
  }

  /** The getPhoneNumber button's `code` (new flow). */
  phoneCode(): string {
    return this.#random.next("phone_code", 24).toString("base64url");
  }

  /** 16 bytes for AES-128-CBC. */
  iv(): Buffer {
    return this.#random.next("iv", 16);
  }

  /** Webhook `Msg-Id`. */
  webhookMsgId(): string {
    return this.#random.next("webhook_msg_id", 16).toString("hex");
  }

  /** The number a verify_webhook event asks the developer's server to echo. */
  challenge(): number {
    return this.#random.next("challenge", 4).readUInt32BE(0) % 1_000_000_000;
  }

  /** Content security's per-task id. */
  censorTaskId(): string {
    return `MICROAPP_${this.#random.next("censor_task", 8).readBigUInt64BE(0) % 10n ** 19n}`;
  }

  /** The path part of a z.douyin.com short link. */
  urlLinkCode(): string {
    return alphanumeric(this.#random.next("url_link", 7));
  }

  /** Like Douyin's: a timestamp followed by upper-case hex. */
  logId(now: number): string {
    const stamp = new Date(now).toISOString().replace(/\D/g, "").slice(0, 14);
    return `${stamp}${this.#random.next("log_id", 10).toString("hex").toUpperCase()}`;
  }
}

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function alphanumeric(bytes: Buffer): string {
  return [...bytes].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
}

function toUuid(bytes: Buffer): string {
  const hex = Buffer.from(bytes);
  hex[6] = ((hex[6] ?? 0) & 0x0f) | 0x40;
  hex[8] = ((hex[8] ?? 0) & 0x3f) | 0x80;
  const text = hex.toString("hex");
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20, 32)}`;
}
