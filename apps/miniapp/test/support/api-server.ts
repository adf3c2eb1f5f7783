import { apiTestEnv } from "@tt/test-support";
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
 * The API's settings for a run as a child process against the emulator (see @tt/test-support's
 * apiTestEnv): listening on a free loopback port; `extra` adds or replaces settings.
 */
export function emulatorApiEnv(
  tmp: string,
  emulatorUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return apiTestEnv(tmp, emulatorUrl, { HOST: "127.0.0.1", PORT: "0", ...extra });
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
