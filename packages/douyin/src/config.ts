import type { KeyObject } from "node:crypto";
import { readRsaPrivateKey } from "./crypto/private-key.ts";
import { DouyinConfigError } from "./errors.ts";
import type { ApiFamily } from "./http.ts";
import { type RetryConfig, type RetryPolicy, resolveRetryPolicy } from "./retry.ts";
import { DEFAULT_REFRESH_AHEAD_MS } from "./tokens/manager.ts";
import { createMemoryTokenStore } from "./tokens/memory-store.ts";
import type { TokenStore } from "./tokens/types.ts";

export type DouyinEnvironment = "production" | "sandbox" | "emulator";

export type DouyinBaseUrls = Readonly<Record<ApiFamily, string>>;

export interface DouyinClientConfig {
  readonly appid: string;
  readonly secret: string;
  /** Default "production". */
  readonly environment?: DouyinEnvironment;
  /** Overrides the environment's base URL of either family. */
  readonly baseUrls?: { readonly developer?: string; readonly open?: string };
  /** Base URL of the local emulator when environment is "emulator". Default http://127.0.0.1:3100. */
  readonly emulatorUrl?: string;
  /**
   * Douyin Cloud's "云调用" (cloud call): for a service running ON Douyin Cloud. Calls go to the
   * cloud-call hosts over plain HTTP and carry no token (the platform knows the calling service),
   * so no token is ever fetched and `client.tokens` refuses to run. With environment "emulator",
   * the emulator's cloud-call face (`<emulatorUrl>/cloud-call/<appid>`). Not for the sandbox.
   * Default false.
   */
  readonly cloudCall?: boolean;
  /** Per request, body included. Default 5000. */
  readonly timeoutMs?: number;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /** Where access and client tokens live. Default: this process's memory, right for ONE process
   * only; give every process of a deployment the same shared store (e.g. @tt/db's
   * createPrismaTokenStore), or they fetch independently and invalidate each other's tokens. */
  readonly tokenStore?: TokenStore;
  /** Refresh a token when less than this remains. Default 5 minutes (the platform's overlap). */
  readonly tokenRefreshAheadMs?: number;
  /** Retries of the calls that are safe to repeat (queries, censor, QR codes, URL links,
   * tokens). Default {attempts: 3, baseDelayMs: 100, maxDelayMs: 2000}; attempts 1 disables. */
  readonly retry?: RetryConfig;
  /** RSA private key (PEM, PKCS#1 or PKCS#8) whose public half is uploaded in the console:
   * needed by getPhoneNumber only. */
  readonly phoneNumberPrivateKey?: string | KeyObject;
}

/** The app's id and secret: what every token request and code2session sends. */
export interface AppCredentials {
  readonly appid: string;
  readonly secret: string;
}

export interface ResolvedDouyinConfig {
  readonly appid: string;
  readonly secret: string;
  readonly environment: DouyinEnvironment;
  readonly cloudCall: boolean;
  readonly baseUrls: DouyinBaseUrls;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly tokenStore: TokenStore;
  readonly tokenRefreshAheadMs: number;
  readonly retry: RetryPolicy;
  readonly phoneNumberPrivateKey?: KeyObject;
}

export const PRODUCTION_BASE_URLS: DouyinBaseUrls = Object.freeze({
  developer: "https://developer.toutiao.com",
  open: "https://open.douyin.com",
});

/**
 * Douyin Cloud's cloud-call hosts: the public host with its dots made dashes, under
 * openapi.dyc.ivolces.com, HTTP only. The developer.toutiao.com one is Douyin Cloud's own example
 * (云调用 page); the open.douyin.com one follows the same rule and is NOT confirmed by its docs.
 */
export const CLOUD_CALL_BASE_URLS: DouyinBaseUrls = Object.freeze({
  developer: "http://developer-toutiao-com.openapi.dyc.ivolces.com",
  open: "http://open-douyin-com.openapi.dyc.ivolces.com",
});

/** One host for both families; not every API exists in the sandbox. */
export const SANDBOX_BASE_URL = "https://open-sandbox.douyin.com";
export const DEFAULT_EMULATOR_URL = "http://127.0.0.1:3100";
export const DEFAULT_TIMEOUT_MS = 5000;

const ENVIRONMENTS: readonly DouyinEnvironment[] = ["production", "sandbox", "emulator"];

export function resolveConfig(config: DouyinClientConfig): ResolvedDouyinConfig {
  if (typeof config !== "object" || config === null) {
    throw new DouyinConfigError("config", "the Douyin client needs a configuration object");
  }
  const environment = config.environment ?? "production";
  if (!ENVIRONMENTS.includes(environment)) {
    throw new DouyinConfigError(
      "environment",
      `environment must be one of ${ENVIRONMENTS.join(", ")}`,
    );
  }
  const appid = requireCredential(config.appid, "appid");
  const cloudCall = cloudCallFlag(config.cloudCall, environment);
  const defaults = cloudCall
    ? cloudCallBaseUrls(environment, appid, config.emulatorUrl)
    : environmentBaseUrls(environment, config.emulatorUrl);
  return {
    appid,
    secret: requireCredential(config.secret, "secret"),
    environment,
    cloudCall,
    baseUrls: {
      developer: baseUrl(config.baseUrls?.developer ?? defaults.developer, "baseUrls.developer"),
      open: baseUrl(config.baseUrls?.open ?? defaults.open, "baseUrls.open"),
    },
    timeoutMs: timeout(config.timeoutMs),
    fetch: fetchFunction(config.fetch),
    tokenStore: tokenStore(config.tokenStore),
    tokenRefreshAheadMs: refreshAhead(config.tokenRefreshAheadMs),
    retry: resolveRetryPolicy(config.retry),
    ...phoneNumberKey(config.phoneNumberPrivateKey),
  };
}

function environmentBaseUrls(environment: DouyinEnvironment, emulatorUrl?: string): DouyinBaseUrls {
  switch (environment) {
    case "production":
      return PRODUCTION_BASE_URLS;
    case "sandbox":
      return { developer: SANDBOX_BASE_URL, open: SANDBOX_BASE_URL };
    case "emulator": {
      const url = baseUrl(emulatorUrl ?? DEFAULT_EMULATOR_URL, "emulatorUrl");
      return { developer: url, open: url };
    }
  }
}

function cloudCallFlag(value: unknown, environment: DouyinEnvironment): boolean {
  if (value === undefined || value === false) return false;
  if (value !== true) throw new DouyinConfigError("cloudCall", "cloudCall must be true or false");
  if (environment === "sandbox") {
    throw new DouyinConfigError(
      "cloudCall",
      "cloudCall is for production or the emulator: Douyin Cloud has no sandbox cloud-call host",
    );
  }
  return true;
}

function cloudCallBaseUrls(
  environment: DouyinEnvironment,
  appid: string,
  emulatorUrl?: string,
): DouyinBaseUrls {
  if (environment !== "emulator") return CLOUD_CALL_BASE_URLS;
  // The emulator cannot tell services apart by their network: the path names the calling app.
  const url = `${environmentBaseUrls("emulator", emulatorUrl).developer}/cloud-call/${encodeURIComponent(appid)}`;
  return { developer: url, open: url };
}

// Messages never quote the value: it may be the secret.
function requireCredential(value: unknown, field: "appid" | "secret"): string {
  if (typeof value !== "string" || value.trim() === "" || value !== value.trim()) {
    throw new DouyinConfigError(
      field,
      `${field} must be a non-empty string without surrounding spaces`,
    );
  }
  return value;
}

function baseUrl(value: unknown, field: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.search ||
    url.hash
  ) {
    throw new DouyinConfigError(field, `${field} must be an http(s) URL without query or fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

function timeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new DouyinConfigError("timeoutMs", "timeoutMs must be a positive number of milliseconds");
  }
  return value;
}

function fetchFunction(value: unknown): typeof fetch {
  if (value === undefined) return globalThis.fetch;
  if (typeof value !== "function") {
    throw new DouyinConfigError(
      "fetch",
      "fetch must be a function compatible with the global fetch",
    );
  }
  return value as typeof fetch;
}

const TOKEN_STORE_METHODS = ["get", "set", "compareAndDelete", "lock"] as const;

function tokenStore(value: unknown): TokenStore {
  if (value === undefined) return createMemoryTokenStore();
  const store = value as Record<string, unknown> | null;
  if (
    typeof store !== "object" ||
    store === null ||
    TOKEN_STORE_METHODS.some((method) => typeof store[method] !== "function")
  ) {
    throw new DouyinConfigError(
      "tokenStore",
      `tokenStore must implement ${TOKEN_STORE_METHODS.join(", ")}`,
    );
  }
  return value as TokenStore;
}

function refreshAhead(value: unknown): number {
  if (value === undefined) return DEFAULT_REFRESH_AHEAD_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new DouyinConfigError(
      "tokenRefreshAheadMs",
      "tokenRefreshAheadMs must be a non-negative number of milliseconds",
    );
  }
  return value;
}

// Never quotes the value: it is a private key.
function phoneNumberKey(value: unknown): { phoneNumberPrivateKey?: KeyObject } {
  if (value === undefined) return {};
  const key = readRsaPrivateKey(value);
  if (key === undefined) {
    throw new DouyinConfigError(
      "phoneNumberPrivateKey",
      "phoneNumberPrivateKey must be an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)",
    );
  }
  return { phoneNumberPrivateKey: key };
}
