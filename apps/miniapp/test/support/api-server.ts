import { randomBytes } from "node:crypto";
import path from "node:path";
import { type LoggedProcess, minimalEnv, spawnLogged } from "./child-process.ts";
import { repoRoot, tsxLoader } from "./paths.ts";

export interface ApiServer {
  readonly url: string;
  readonly process: LoggedProcess;
  /** Everything the API printed so far. */
  log(): string;
}

const startTimeoutMs = 45_000;

/** Runs apps/api/src/server.ts as a real child process and waits for Fastify's listening line. */
export async function startApi(env: Record<string, string>): Promise<ApiServer> {
  const child = spawnLogged(process.execPath, ["--import", tsxLoader, "apps/api/src/server.ts"], {
    cwd: repoRoot,
    env: { ...minimalEnv(), ...env },
  });
  try {
    const url = await child.waitFor(listeningUrl, startTimeoutMs);
    return { url, process: child, log: () => child.lines.join("\n") };
  } catch (error) {
    await child.stop(1_000);
    throw error;
  }
}

/**
 * The API's settings for a run against the emulator: a SQLite file in `tmp`, fresh random keys
 * (admin key included), the emulator's app secret, info logs; `extra` adds or replaces settings.
 */
export function emulatorApiEnv(
  tmp: string,
  emulatorUrl: string,
  appid: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: `file:${path.join(tmp, "api.db")}`,
    JWT_SECRET: randomBytes(32).toString("hex"),
    SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PHONE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ADMIN_API_KEY: randomBytes(24).toString("base64url"),
    DOUYIN_ENVIRONMENT: "emulator",
    DOUYIN_EMULATOR_URL: emulatorUrl,
    DOUYIN_APP_ID: appid,
    DOUYIN_APP_SECRET: "tt_emulator_secret",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Fastify logs `Server listening at http://127.0.0.1:<port>` as the `msg` of a JSON line. */
function listeningUrl(line: string): string | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  const message = (entry as { msg?: unknown }).msg;
  if (typeof message !== "string") return undefined;
  return /^Server listening at (http:\/\/\S+)$/.exec(message)?.[1];
}
