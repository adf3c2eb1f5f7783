import { DouyinConfigError } from "./errors.ts";
import type { ApiFamily } from "./http.ts";

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
  /** Per request, body included. Default 5000. */
  readonly timeoutMs?: number;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface ResolvedDouyinConfig {
  readonly appid: string;
  readonly secret: string;
  readonly environment: DouyinEnvironment;
  readonly baseUrls: DouyinBaseUrls;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

export const PRODUCTION_BASE_URLS: DouyinBaseUrls = Object.freeze({
  developer: "https://developer.toutiao.com",
  open: "https://open.douyin.com",
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
  const defaults = environmentBaseUrls(environment, config.emulatorUrl);
  return {
    appid: requireCredential(config.appid, "appid"),
    secret: requireCredential(config.secret, "secret"),
    environment,
    baseUrls: {
      developer: baseUrl(config.baseUrls?.developer ?? defaults.developer, "baseUrls.developer"),
      open: baseUrl(config.baseUrls?.open ?? defaults.open, "baseUrls.open"),
    },
    timeoutMs: timeout(config.timeoutMs),
    fetch: fetchFunction(config.fetch),
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
