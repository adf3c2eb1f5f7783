// Shared by the me-*.test.ts files: an app on a real emulator, personas that log in the way the
// mini-program does, the emulator's device answers (REAL encrypted payloads), and the test's own
// AES/SHA-1 (written here, not taken from the SDK) to forge payloads the platform would not make.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { expectProblem, loginAs } from "@tt/test-support";
import { sampleDeviceReport, sampleLocationReport } from "@tt/test-support/samples";
import { beforeAll, expect } from "vitest";
import type { App } from "../src/app.ts";
import { emulatorSession, type LogCapture, postJson, useApi } from "./helper.ts";
import { countRows, countUserDataRows } from "./rows.ts";

export { expectProblem };

export type InjectResponse = Awaited<ReturnType<App["inject"]>>;

export interface LoggedIn {
  accessToken: string;
  user: { id: string };
  persona: string;
}

export interface ProfilePayload {
  userInfo: Record<string, unknown>;
  rawData: string;
  signature: string;
  encryptedData: string;
  iv: string;
  errMsg: string;
}

/** What tt.chooseAddress, tt.getSystemInfo and tt.getLocation answer, as the routes take them. */
export const samples = {
  address: {
    userName: "张三",
    provinceName: "广东省",
    cityName: "广州市",
    countyName: "天河区",
    detailInfo: "天河路1号",
    telNumber: "13912345678",
  },
  device: sampleDeviceReport,
  location: sampleLocationReport,
};

/** The tests log in far more often than a client may: the limits have their own tests. */
export const noRateLimits = {
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
  RATE_LIMIT_PHONE_PER_MINUTE: "100000",
};

/** Starts an emulator, builds one app (with `overrides`) before the file's tests. */
export function useMeApi(overrides: Record<string, string> = {}) {
  const api = useApi();
  const context = {
    api,
    app: undefined as unknown as App,
    logs: undefined as unknown as LogCapture,
  };
  beforeAll(async () => {
    const built = await api.build({ ...noRateLimits, ...overrides });
    context.app = built.app;
    context.logs = built.logs;
  });

  /** tt.login on the device, then POST /api/auth/login: the API holds the current session key. */
  async function login(persona: string, app: App = context.app): Promise<LoggedIn> {
    return { ...(await loginAs(app, api.emulator.url, persona)), persona };
  }

  function send(
    method: "GET" | "PUT",
    url: string,
    who: LoggedIn | undefined,
    body?: unknown,
    app: App = context.app,
  ) {
    return app.inject({
      method,
      url,
      headers: {
        ...(who ? { authorization: `Bearer ${who.accessToken}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  const device = {
    profile: (persona: string, appid?: string) =>
      postJson<ProfilePayload>(api.emulator, "/device/user-profile", {
        user: persona,
        ...(appid ? { appid } : {}),
      }),
    phoneEncrypted: (persona: string, appid?: string) =>
      postJson<{ encryptedData: string; iv: string; errMsg: string }>(
        api.emulator,
        "/device/phone-number",
        { user: persona, flow: "encrypted", ...(appid ? { appid } : {}) },
      ),
    phoneCode: (persona: string) =>
      postJson<{ code: string; errMsg: string }>(api.emulator, "/device/phone-number", {
        user: persona,
        flow: "code",
      }),
    get: async <T = Record<string, unknown>>(path: string, query: Record<string, string>) => {
      const response = await fetch(`${api.emulator.url}${path}?${new URLSearchParams(query)}`);
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return (await response.json()) as T;
    },
    systemInfo: (persona: string) => device.get("/device/system-info", { user: persona }),
    location: (persona: string, type: "wgs84" | "gcj02" = "wgs84") =>
      device.get("/device/location", { user: persona, type }),
    address: (persona: string) =>
      device.get<Record<string, string>>("/device/address", { user: persona }),
    /** The persona's current session key on the platform side. */
    sessionKey: async (persona: string) =>
      (await emulatorSession(api.emulator, persona)).sessionKey,
  };

  async function rows(app: App = context.app) {
    return { ...(await countRows(app)), ...(await countUserDataRows(app)) };
  }

  /** Expects `request` to answer the problem `status` `code` and to leave every table as it was. */
  async function refused(request: () => Promise<InjectResponse>, status: number, code: string) {
    const before = await rows();
    const problem = expectProblem(await request(), status, code);
    expect(await rows()).toEqual(before);
    return problem;
  }

  return Object.assign(context, { login, send, device, rows, refused });
}

// ---- The test's own platform crypto, to forge what a real device would never send ----

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

export function encryptForSession(sessionKey: string, plaintext: unknown, iv = randomBytes(16)) {
  const cipher = createCipheriv("aes-128-cbc", Buffer.from(sessionKey, "base64"), iv);
  const body = typeof plaintext === "string" ? plaintext : JSON.stringify(plaintext);
  return {
    encryptedData: Buffer.concat([cipher.update(body, "utf8"), cipher.final()]).toString("base64"),
    iv: iv.toString("base64"),
  };
}

export function decryptForSession(
  sessionKey: string,
  encryptedData: string,
  iv: string,
): Record<string, unknown> {
  const decipher = createDecipheriv(
    "aes-128-cbc",
    Buffer.from(sessionKey, "base64"),
    Buffer.from(iv, "base64"),
  );
  const plain = Buffer.concat([
    decipher.update(Buffer.from(encryptedData, "base64")),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString("utf8")) as Record<string, unknown>;
}

/** Flips one bit of the decoded bytes at `index` (negative: from the end). */
export function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, "base64");
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString("base64");
}
