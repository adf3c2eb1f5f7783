import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@tt/emulator";
import { afterAll, beforeAll } from "vitest";
import { type ApiServer, emulatorApiEnv, startApi } from "./api-server.ts";
import { buildWithCli } from "./build-cli.ts";

/** The emulator's default app: the API's credentials and a real-mode build's appid in tests. */
export const emulatorAppid = "tt_emulator_app";

export interface Stack {
  readonly tmp: string;
  readonly emulator: RunningEmulator;
  readonly api: ApiServer;
  /** The mini-program, built with the CLI against the API (and the emulator in emulator mode). */
  readonly dist: string;
}

export interface StackOptions {
  /** The MINIAPP_* settings of the build (MINIAPP_API_BASE_URL is the API's). */
  build(stack: { emulatorUrl: string }): Record<string, string>;
  /** Settings added to the API's. */
  api?: Record<string, string>;
}

/**
 * For a test file: the emulator, the real API as a child process (as in production) and the
 * mini-program built by the CLI, started before its tests and stopped after them.
 */
export function useStack(name: string, options: StackOptions): Stack {
  const stack = {} as { -readonly [K in keyof Stack]: Stack[K] };
  beforeAll(async () => {
    stack.tmp = mkdtempSync(path.join(tmpdir(), `miniapp-${name}-`));
    stack.emulator = await startEmulator({ port: 0, seed: `miniapp-${name}` });
    // The API's port is known once it listens, and the bundle inlines it: the API first.
    stack.api = await startApi(emulatorApiEnv(stack.tmp, stack.emulator.url, options.api));
    stack.dist = path.join(stack.tmp, "dist");
    await buildWithCli(stack.dist, {
      MINIAPP_API_BASE_URL: stack.api.url,
      ...options.build({ emulatorUrl: stack.emulator.url }),
    });
  });
  afterAll(async () => {
    await stack.api?.process.stop();
    await stack.emulator?.close();
    if (stack.tmp) rmSync(stack.tmp, { recursive: true, force: true });
  });
  return stack;
}

/** The openid the emulator gave `persona` in the emulator's default app. */
export async function openidOf(emulator: RunningEmulator, persona: string): Promise<string> {
  const query = new URLSearchParams({ appid: emulatorAppid, user: persona });
  const response = await fetch(`${emulator.url}/emulator/session?${query}`);
  if (!response.ok) throw new Error(`emulator session: ${response.status}`);
  return ((await response.json()) as { openid: string }).openid;
}
