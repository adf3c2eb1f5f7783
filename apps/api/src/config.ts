// The API's only reader of process.env. Every variable is validated here, at start, with a message
// that names the variable and what it expects. README.md and .env.example document each one.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sqliteFilePath } from "@tt/db";

export type NodeEnv = "development" | "test" | "production";
export type DouyinEnvironment = "production" | "sandbox" | "emulator";

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  /** Human-readable log lines (development); JSON lines otherwise, for log collectors. */
  logFormat: "pretty" | "json";
  trustProxy: boolean;
  /** Absolute path of the SQLite file. */
  databaseFile: string;
  migrateOnStart: boolean;
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
  };
}

/** The emulator's built-in app: what `pnpm dev` uses when no real credentials are configured. */
export const emulatorDefaultApp = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };

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
}

/**
 * Development keeps generated secrets under .data/, so tokens and stored session keys survive a
 * restart. Production must be given its own.
 */
function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString("base64url"),
    sessionKeyEncryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true });
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

function encryptionKey(value: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32 || key.toString("base64") !== value) {
    throw new ConfigError(
      "SESSION_KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)",
    );
  }
  return key;
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
  if (nodeEnv === "production" && (!hasCredentials || environment === "emulator")) {
    throw new ConfigError(
      "Production needs real DOUYIN_APP_ID and DOUYIN_APP_SECRET and a DOUYIN_ENVIRONMENT other than emulator",
    );
  }
  if (!hasCredentials && environment !== "emulator") {
    throw new ConfigError(
      `DOUYIN_ENVIRONMENT=${environment} needs DOUYIN_APP_ID and DOUYIN_APP_SECRET`,
    );
  }
  return {
    appid: appid || emulatorDefaultApp.appid,
    secret: secret || emulatorDefaultApp.secret,
    environment,
    emulatorUrl: httpUrl(env, "DOUYIN_EMULATOR_URL", "http://127.0.0.1:3100"),
    timeoutMs: integer(env, "DOUYIN_TIMEOUT_MS", 5_000, 100, 60_000),
  };
}

/** The process environment, with .env at the repository root underneath it (if there is one). */
export function processEnv(): Env {
  const file = path.join(repoRoot, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
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

  let databaseFile: string;
  try {
    databaseFile = sqliteFilePath(env.DATABASE_URL || "file:.data/dev.db", repoRoot);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

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
    trustProxy: boolean(env, "TRUST_PROXY", false),
    databaseFile,
    migrateOnStart: boolean(env, "MIGRATE_ON_START", true),
    jwtSecret,
    sessionKeyEncryptionKey: encryptionKey(
      required(env, "SESSION_KEY_ENCRYPTION_KEY", nodeEnv, dev("sessionKeyEncryptionKey")),
    ),
    accessTokenTtlSeconds: integer(env, "ACCESS_TOKEN_TTL_SECONDS", 900, 30, 86_400),
    refreshTokenTtlSeconds: integer(env, "REFRESH_TOKEN_TTL_SECONDS", 2_592_000, 60, 31_536_000),
    douyin: douyinConfig(env, nodeEnv),
  };
}
