import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@tt/emulator";
import {
  type CreateTtOptions,
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { resetFaultsAndClock } from "@tt/test-support";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { buildMiniProgram } from "../../scripts/lib/mini-program-build.ts";
import { type FakeApi, startFakeApi } from "./fake-api.ts";
import { untilQuiet } from "./quiet.ts";

/** The built mini-program against the scripted fake API and the real emulator (for tt.login). */
export interface FakeApiApp {
  /** The test file's temporary folder. */
  readonly tmp: string;
  /** The mini-program built against the fake API. */
  readonly dist: string;
  readonly emulator: RunningEmulator;
  readonly api: FakeApi;
  /** The program the current test launched, if any. */
  readonly program: MiniProgram | undefined;
  /** A tt on the emulator; its requests must be over before the next test starts. */
  newTt(options: Omit<CreateTtOptions, "emulatorUrl">): SimulatedTt;
  /** Launches the build in `from` (default: dist) on `tt`, closing the test's previous launch. */
  launch(tt: SimulatedTt, from?: string): MiniProgram;
}

/**
 * Starts an emulator (seed `miniapp-<name>`) and a fake API, and builds the mini-program against
 * the fake API, for the file; after each test waits for its tts, closes its program and resets
 * the fake API.
 */
export function useFakeApiApp(name: string): FakeApiApp {
  let tmp: string;
  let dist: string;
  let emulator: RunningEmulator;
  let api: FakeApi;
  let program: MiniProgram | undefined;
  const tts: SimulatedTt[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), `miniapp-${name}-`));
    dist = path.join(tmp, "dist");
    [emulator, api] = await Promise.all([
      startEmulator({ port: 0, seed: `miniapp-${name}` }),
      startFakeApi(),
    ]);
    await buildMiniProgram({
      outDir: dist,
      apiBaseUrl: api.url,
      target: { mode: "douyin", appid: "tt_emulator_app" },
    });
  });
  afterAll(async () => {
    await Promise.all([emulator?.close(), api?.close()]);
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(async () => {
    // The device report after a login runs on its own: let it finish inside its own test.
    await Promise.all(tts.splice(0).map((tt) => untilQuiet(tt)));
    program?.close();
    program = undefined;
    await resetFaultsAndClock(emulator.url);
    const violations = [...api.violations];
    api.reset();
    expect(violations, "calls or answers outside the API's contract").toEqual([]);
  });

  return {
    get tmp() {
      return tmp;
    },
    get dist() {
      return dist;
    },
    get emulator() {
      return emulator;
    },
    get api() {
      return api;
    },
    get program() {
      return program;
    },
    newTt(options) {
      // Agreed to the privacy guidelines unless a test says otherwise (real-mode.test.ts).
      const tt = createTt({ emulatorUrl: emulator.url, privacyAgreed: true, ...options });
      tts.push(tt);
      return tt;
    },
    launch(tt, from = dist) {
      program?.close();
      program = loadMiniProgram(from, { tt });
      program.launch();
      return program;
    },
  };
}
