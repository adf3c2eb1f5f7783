// The API's only reader of process.env. Every variable is validated here, at start, with a message
// that names the variable and what it expects. README.md and .env.example document each one.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { type DatabaseLocation, databaseLocation } from "@tt/db";
import { withEnvFile } from "@tt/env";

export type NodeEnv = "development" | "test" | "production";
export type DouyinEnvironment = "production" | "sandbox" | "emulator";

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  /** Human-readable log lines (development); JSON lines otherwise, for log collectors. */
  logFormat: "pretty" | "json";
  /**
   * Which proxies' X-Forwarded-For entries to believe: false (none: the socket's address is the
   * client's), a hop count, or the proxies' addresses/CIDRs. Never "any": the left-most entry is
   * whatever the client wrote.
   */
  trustProxy: TrustProxy;
  /** Absolute path of the SQLite file. */
  /** DATABASE_URL: a SQLite file (default .data/dev.db) or a PostgreSQL database. */
  database: DatabaseLocation;
  /**
   * REDIS_URL: when set, the platform token and its lock and the rate limits live in Redis, shared
   * by every instance (without it: the token in the database, rate limits per process).
   */
  redis: { url: string; keyPrefix: string } | undefined;
  migrateOnStart: boolean;
  /** Serve /docs and /openapi.json (default: everywhere but production). */
  docsEnabled: boolean;
  jwtSecret: string;
  /** 32 bytes: encrypts Douyin session keys at rest (AES-256-GCM). */
  sessionKeyEncryptionKey: Buffer;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  douyin: {
    appid: string;
    secret: string;
    environment: DouyinEnvironment;
    emulatorUrl: string;
    timeoutMs: number;
    /** PEM of the key pair whose public key is uploaded in the console (phone number by code). */
    phonePrivateKey: string | undefined;
    /** Signs the webhook pushes (X-Douyin-Signature). */
    webhookSecret: string;
    /** The subscription templates configured in the console, by id. */
    templates: SubscriptionTemplate[];
    /**
     * DOUYIN_CLOUD: the API runs on Douyin Cloud behind its gateway. Logins trust the gateway's
     * X-TT-* caller headers and platform calls are cloud calls (no token). Off: those headers are
     * refused.
     */
    cloud: boolean;
  };
  phone: {
    enabled: boolean;
    /** 32 bytes: encrypts phone numbers at rest; a second key for lookups is derived from it. */
    encryptionKey: Buffer;
  };
  /** undefined: the admin routes are off. */
  adminApiKey: string | undefined;
  /** Where adminApiKey came from: development generates one into .data/ unless it is set. */
  adminApiKeySource: "env" | "generated" | undefined;
  /** Origins allowed by CORS; empty: CORS is off (mini-programs do not need it). */
  corsOrigins: string[];
  rateLimits: { authPerMinute: number; phonePerMinute: number; adminFailuresPerMinute: number };
  locationHistoryLimit: number;
  deviceHistoryLimit: number;
  /** How long webhook events are kept, and so how long a replayed push is recognised. */
  webhookRetentionDays: number;
  outbox: {
    pollIntervalMs: number;
    maxAttempts: number;
    leaseMs: number;
    /** The first retry's delay; each next one doubles (with jitter), up to 5 minutes. */
    backoffBaseMs: number;
    /** The least time between two messages to one user (Douyin allows one per second). */
    userIntervalMs: number;
  };
}

export type TrustProxy = false | number | string[];

export interface SubscriptionTemplate {
  id: string;
  kind: "one-time" | "long-term";
}

/** The emulator's built-in app: what `pnpm dev` uses when no real credentials are configured. */
export const emulatorDefaultApp = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };

/** The emulator app's templates (packages/emulator/src/state/templates.ts): facts written twice. */
export const emulatorDefaultTemplates: SubscriptionTemplate[] = [
  { id: "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41", kind: "one-time" },
  { id: "MSG137673105552743f9d0a1c6b8e7254d3f90e1b6", kind: "one-time" },
  { id: "MSG13767310555377a5b2e8d4f1c09e6a7b3d5c2f8", kind: "long-term" },
];

export const repoRoot = path.resolve(import.meta.dirname, "../../..");

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name] ?? fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

/** The names proxy-addr (Fastify's trustProxy) knows besides addresses and CIDRs. */
const proxyRangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (proxyRangeNames.has(entry) || isIP(entry) !== 0) return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) {
    return false;
  }
  return Number(bits) <= (version === 4 ? 32 : 128);
}

function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (raw === "" || raw === "false" || raw === "0") return false;
  if (raw === "true") {
    throw new ConfigError(
      "TRUST_PROXY=true would let any client choose its address (the left-most X-Forwarded-For): " +
        "set the number of proxies in front of the API (e.g. 1) or their addresses/CIDRs " +
        "(e.g. 127.0.0.1 or 10.0.0.0/8,loopback)",
    );
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10)
      throw new ConfigError(`TRUST_PROXY must be a hop count from 1 to 10 (got ${raw})`);
    return hops;
  }
  const entries = raw.split(",").map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a hop count, or comma-separated proxy addresses/CIDRs (got "${bad}")`,
    );
  }
  return entries;
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" || url.protocol === "https:") return raw.replace(/\/+$/, "");
  } catch {}
  throw new ConfigError(`${name} must be an http(s) URL (got "${raw}")`);
}

interface DevSecrets {
  jwtSecret: string;
  sessionKeyEncryptionKey: string;
  phoneEncryptionKey: string;
  adminApiKey: string;
}

/**
 * Development keeps generated secrets under .data/, so tokens and stored session keys survive a
 * restart. Production must be given its own.
 */
function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  const generated: DevSecrets = {
    jwtSecret: randomBytes(48).toString("base64url"),
    sessionKeyEncryptionKey: randomBytes(32).toString("base64"),
    phoneEncryptionKey: randomBytes(32).toString("base64"),
    adminApiKey: randomBytes(24).toString("base64url"),
  };
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>)
    : {};
  // Secrets added by a newer version are generated; existing ones are kept.
  const secrets: DevSecrets = { ...generated, ...kept };
  if (Object.keys(kept).length === Object.keys(secrets).length) return secrets;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

function required(env: Env, name: string, nodeEnv: NodeEnv, dev: () => string): string {
  const value = env[name];
  if (value) return value;
  if (nodeEnv === "production") throw new ConfigError(`${name} is required in production`);
  return dev();
}

function encryptionKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32 || key.toString("base64") !== value) {
    throw new ConfigError(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`);
  }
  return key;
}

function templatesFrom(env: Env, useEmulatorDefaults: boolean): SubscriptionTemplate[] {
  const raw = env.SUBSCRIPTION_TEMPLATES;
  if (!raw) return useEmulatorDefaults ? emulatorDefaultTemplates : [];
  const problem =
    'SUBSCRIPTION_TEMPLATES must be JSON: [{"id":"MSG…","kind":"one-time"|"long-term"}]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(problem);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(problem);
  return parsed.map((entry) => {
    const { id, kind } = (entry ?? {}) as Record<string, unknown>;
    if (typeof id !== "string" || !/^[\w-]{1,128}$/.test(id)) throw new ConfigError(problem);
    if (kind !== "one-time" && kind !== "long-term") throw new ConfigError(problem);
    return { id, kind };
  });
}

function phonePrivateKey(env: Env, environment: DouyinEnvironment): string | undefined {
  if (env.DOUYIN_PHONE_PRIVATE_KEY) return env.DOUYIN_PHONE_PRIVATE_KEY.replaceAll("\\n", "\n");
  const file =
    env.DOUYIN_PHONE_PRIVATE_KEY_FILE ??
    (environment === "emulator"
      ? path.join(repoRoot, "packages/emulator/fixtures", `${emulatorDefaultApp.appid}.private.pem`)
      : undefined);
  if (file === undefined) return undefined;
  try {
    return readFileSync(path.resolve(repoRoot, file), "utf8");
  } catch {
    throw new ConfigError(`DOUYIN_PHONE_PRIVATE_KEY_FILE: cannot read ${file}`);
  }
}

function adminKey(key: string | undefined): string | undefined {
  if (key !== undefined && key.length < 32) {
    throw new ConfigError("ADMIN_API_KEY must be at least 32 characters (openssl rand -base64 32)");
  }
  return key;
}

function origins(env: Env): string[] {
  const raw = env.CORS_ORIGINS ?? "";
  const list = raw
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGINS must be comma-separated origins like https://a.example (got "${origin}")`,
      );
    }
  }
  return list;
}

function douyinConfig(env: Env, nodeEnv: NodeEnv): AppConfig["douyin"] {
  const appid = env.DOUYIN_APP_ID ?? "";
  const secret = env.DOUYIN_APP_SECRET ?? "";
  if (Boolean(appid) !== Boolean(secret)) {
    throw new ConfigError("Set both DOUYIN_APP_ID and DOUYIN_APP_SECRET, or neither");
  }
  const hasCredentials = appid !== "";
  const environment = oneOf<DouyinEnvironment>(
    env,
    "DOUYIN_ENVIRONMENT",
    ["production", "sandbox", "emulator"],
    hasCredentials ? "production" : "emulator",
  );
  // Production names its app: the console's, or for staging and load tests the emulator's with
  // DOUYIN_ENVIRONMENT=emulator said out loud (the default with credentials is the real platform).
  if (nodeEnv === "production" && !hasCredentials) {
    throw new ConfigError(
      "Production needs DOUYIN_APP_ID and DOUYIN_APP_SECRET: the console's, or the emulator's with DOUYIN_ENVIRONMENT=emulator (staging, load tests)",
    );
  }
  if (!hasCredentials && environment !== "emulator") {
    throw new ConfigError(
      `DOUYIN_ENVIRONMENT=${environment} needs DOUYIN_APP_ID and DOUYIN_APP_SECRET`,
    );
  }
  const cloud = boolean(env, "DOUYIN_CLOUD", false);
  if (cloud && environment === "sandbox") {
    throw new ConfigError(
      "DOUYIN_CLOUD=true needs DOUYIN_ENVIRONMENT=production (or emulator): Douyin Cloud has no sandbox",
    );
  }
  const usedSecret = secret || emulatorDefaultApp.secret;
  return {
    appid: appid || emulatorDefaultApp.appid,
    secret: usedSecret,
    environment,
    emulatorUrl: httpUrl(env, "DOUYIN_EMULATOR_URL", "http://127.0.0.1:3100"),
    timeoutMs: integer(env, "DOUYIN_TIMEOUT_MS", 5_000, 100, 60_000),
    phonePrivateKey: phonePrivateKey(env, environment),
    // Unsure whether Douyin signs pushes with the app secret or a separate one: configurable.
    webhookSecret: env.DOUYIN_WEBHOOK_SECRET || usedSecret,
    templates: templatesFrom(
      env,
      environment === "emulator" &&
        (appid || emulatorDefaultApp.appid) === emulatorDefaultApp.appid,
    ),
    cloud,
  };
}

/**
 * The process environment, with .env at the repository root (or ENV_FILE) underneath it, through
 * the loader every process shares (@tt/env).
 */
export function processEnv(): Env {
  try {
    return withEnvFile(process.env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** Where the database is: all a release step that applies migrations needs (no secrets). */
export function loadDatabaseConfig(env: Env = processEnv()): { database: DatabaseLocation } {
  try {
    return { database: databaseLocation(env.DATABASE_URL || "file:.data/dev.db", repoRoot) };
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function loadConfig(env: Env = processEnv()): AppConfig {
  const nodeEnv = oneOf<NodeEnv>(
    env,
    "NODE_ENV",
    ["development", "test", "production"],
    "development",
  );
  const dataDir = path.join(repoRoot, ".data");
  let generated: DevSecrets | undefined;
  const dev = (pick: keyof DevSecrets) => () => {
    generated ??= devSecrets(dataDir);
    return generated[pick];
  };

  const jwtSecret = required(env, "JWT_SECRET", nodeEnv, dev("jwtSecret"));
  if (jwtSecret.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters");

  const { database } = loadDatabaseConfig(env);

  return {
    nodeEnv,
    host: env.HOST || (nodeEnv === "production" ? "0.0.0.0" : "127.0.0.1"),
    port: integer(env, "PORT", 3000, 0, 65_535),
    logLevel: oneOf(
      env,
      "LOG_LEVEL",
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "info",
    ),
    logFormat: oneOf(
      env,
      "LOG_FORMAT",
      ["pretty", "json"],
      nodeEnv === "development" ? "pretty" : "json",
    ),
    trustProxy: trustProxy(env),
    database,
    redis: redisConfig(env),
    migrateOnStart: boolean(env, "MIGRATE_ON_START", true),
    docsEnabled: boolean(env, "DOCS_ENABLED", nodeEnv !== "production"),
    jwtSecret,
    sessionKeyEncryptionKey: encryptionKey(
      "SESSION_KEY_ENCRYPTION_KEY",
      required(env, "SESSION_KEY_ENCRYPTION_KEY", nodeEnv, dev("sessionKeyEncryptionKey")),
    ),
    accessTokenTtlSeconds: integer(env, "ACCESS_TOKEN_TTL_SECONDS", 900, 30, 86_400),
    refreshTokenTtlSeconds: integer(env, "REFRESH_TOKEN_TTL_SECONDS", 2_592_000, 60, 31_536_000),
    douyin: douyinConfig(env, nodeEnv),
    phone: phoneConfig(env, nodeEnv, dev("phoneEncryptionKey")),
    // Production without ADMIN_API_KEY: the admin routes are off. Development prints its key.
    adminApiKey: adminKey(
      env.ADMIN_API_KEY || (nodeEnv === "production" ? undefined : dev("adminApiKey")()),
    ),
    adminApiKeySource: env.ADMIN_API_KEY
      ? "env"
      : nodeEnv === "production"
        ? undefined
        : "generated",
    corsOrigins: origins(env),
    rateLimits: {
      authPerMinute: integer(env, "RATE_LIMIT_AUTH_PER_MINUTE", 30, 1, 100_000),
      phonePerMinute: integer(env, "RATE_LIMIT_PHONE_PER_MINUTE", 5, 1, 100_000),
      adminFailuresPerMinute: integer(env, "RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE", 10, 1, 1_000),
    },
    locationHistoryLimit: integer(env, "LOCATION_HISTORY_LIMIT", 50, 1, 10_000),
    deviceHistoryLimit: integer(env, "DEVICE_HISTORY_LIMIT", 20, 1, 10_000),
    webhookRetentionDays: integer(env, "WEBHOOK_RETENTION_DAYS", 30, 1, 3_650),
    outbox: {
      pollIntervalMs: integer(env, "OUTBOX_POLL_INTERVAL_MS", 1_000, 10, 600_000),
      maxAttempts: integer(env, "OUTBOX_MAX_ATTEMPTS", 6, 1, 100),
      leaseMs: integer(env, "OUTBOX_LEASE_MS", 30_000, 1_000, 3_600_000),
      backoffBaseMs: integer(env, "OUTBOX_BACKOFF_BASE_MS", 1_000, 10, 600_000),
      userIntervalMs: integer(env, "OUTBOX_USER_INTERVAL_MS", 1_000, 0, 600_000),
    },
  };
}

function redisConfig(env: Env): AppConfig["redis"] {
  const url = env.REDIS_URL ?? "";
  if (url === "") return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new ConfigError(
      `REDIS_URL must be a redis:// or rediss:// URL (got "${url.split(":")[0]}:")`,
    );
  }
  const keyPrefix = env.REDIS_KEY_PREFIX || "tt:";
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix)) {
    throw new ConfigError("REDIS_KEY_PREFIX must be 1 to 64 letters, digits, _ : . or -");
  }
  return { url, keyPrefix };
}

function phoneConfig(env: Env, nodeEnv: NodeEnv, devKey: () => string): AppConfig["phone"] {
  // Required in production even with the feature off: it also protects address book telephones.
  const key = required(env, "PHONE_ENCRYPTION_KEY", nodeEnv, devKey);
  return {
    enabled: boolean(env, "PHONE_NUMBER_ENABLED", true),
    encryptionKey: encryptionKey("PHONE_ENCRYPTION_KEY", key),
  };
}
