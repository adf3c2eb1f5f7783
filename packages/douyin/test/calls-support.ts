import { DEFAULT_APP_KEYS, type RunningEmulator, startEmulator } from "@tt/emulator";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import {
  createDouyinClient,
  type DouyinClient,
  type DouyinClientConfig,
  type DouyinError,
  isDouyinError,
} from "../src/index.ts";

// Facts about the emulator, written here rather than imported from its internals.
export const APP = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
export const ONE_TIME_TEMPLATE = {
  id: "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41",
  data: { 订单编号: "A-1001", 快递公司: "顺丰", 快递单号: "SF1234567890" },
};
export const ONE_TIME_TEMPLATE_2 = {
  id: "MSG137673105552743f9d0a1c6b8e7254d3f90e1b6",
  data: { 预约项目: "体检", 预约时间: "2025-01-01 09:00" },
};
export const LONG_TERM_TEMPLATE = {
  id: "MSG13767310555377a5b2e8d4f1c09e6a7b3d5c2f8",
  data: { 服务名称: "维修", 当前进度: "已派单" },
};
export const BANNED_WORD = "违禁词";
export const PHONE_PRIVATE_KEY = DEFAULT_APP_KEYS.privateKey;

export interface EmulatorHarness {
  readonly emulator: () => RunningEmulator;
  /** A client on the emulator: 2 s timeout, retries with 1 ms backoff, the phone key. */
  clientWith(overrides?: Partial<DouyinClientConfig>): DouyinClient;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are arbitrary JSON
  control(method: string, path: string, body?: unknown): Promise<any>;
  calls(path: string): Promise<number>;
  fault(rule: Record<string, unknown>): Promise<void>;
  failureOf(promise: Promise<unknown>): Promise<DouyinError>;
  /** Waits until the emulator has answered every call (a held answer the client gave up on). */
  settled(): Promise<void>;
  rejectionOf(promise: Promise<unknown>): Promise<unknown>;
  /** Values that must never show up in an error message. */
  readonly sensitive: Set<string>;
  readonly errors: unknown[];
  openidOf(user: string): Promise<string>;
}

/** Starts an emulator for the file, resets it before each test. */
export function useEmulator(seed: string): EmulatorHarness {
  let emulator: RunningEmulator | undefined;
  const sensitive = new Set<string>([APP.secret, PHONE_PRIVATE_KEY]);
  const errors: unknown[] = [];
  const running = () => {
    if (emulator === undefined) throw new Error("the emulator is not running");
    return emulator;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    await control("POST", "/emulator/reset");
  });
  // Before the next reset forgets them: no error message may ever show a token.
  afterEach(async () => {
    const { tokens } = await control("GET", "/emulator/tokens");
    for (const { token } of tokens as { token: string }[]) sensitive.add(token);
  });

  // biome-ignore lint/suspicious/noExplicitAny: control answers are arbitrary JSON
  async function control(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${running().url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    if (path.startsWith("/emulator") && !response.ok) {
      throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
    }
    return answer;
  }

  async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeDefined();
    errors.push(error);
    return error;
  }

  return {
    emulator: running,
    clientWith: (overrides = {}) =>
      createDouyinClient({
        ...APP,
        environment: "emulator",
        emulatorUrl: running().url,
        timeoutMs: 2000,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
        phoneNumberPrivateKey: PHONE_PRIVATE_KEY,
        ...overrides,
      }),
    control,
    calls: async (path) => (await control("GET", "/emulator/stats")).calls[path] ?? 0,
    settled: async () => {
      const deadline = Date.now() + 5_000;
      while ((await control("GET", "/emulator/stats")).inFlight > 0) {
        if (Date.now() > deadline) throw new Error("the emulator is still answering after 5 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    fault: async (rule) => {
      await control("POST", "/emulator/faults", rule);
    },
    rejectionOf,
    failureOf: async (promise) => {
      const error = await rejectionOf(promise);
      expect(isDouyinError(error)).toBe(true);
      return error as DouyinError;
    },
    sensitive,
    errors,
    openidOf: async (user) => {
      await control("POST", "/device/login", { user });
      const session = await control("GET", `/emulator/session?user=${user}`);
      sensitive.add(session.sessionKey);
      return session.openid as string;
    },
  };
}

/** Asserts that no collected error shows a secret, key, token, code or phone number. */
export function expectNoSecretsIn(errors: readonly unknown[], sensitive: ReadonlySet<string>) {
  for (const error of errors) {
    const shown = [String(error), (error as Error).message, JSON.stringify(error)].join("\n");
    for (const value of sensitive) {
      if (value.length >= 4) expect(shown).not.toContain(value);
    }
  }
}
