/**
 * End to end: the built mini-program, run by the tt simulator, signs in through the real emulator
 * and the real API (a child process, as in production), then signs out. The tests run in order and
 * share one session: each step starts where the previous one left off.
 */
import type { Problem, User } from "@tt/contract";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type PageHandle,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexData, SESSION_KEY } from "./support/index-page.ts";
import { untilQuiet } from "./support/quiet.ts";
import { emulatorAppid as appid, useStack } from "./support/stack.ts";

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

const persona = "e2e-alice";
const stepTimeoutMs = 30_000;

const stack = useStack("e2e", { build: () => ({ MINIAPP_APPID: appid }) });
let tt: SimulatedTt;
let program: MiniProgram | undefined;
/** Session keys the emulator handed out for the persona (they rotate on every tt.login). */
const sessionKeys = new Set<string>();

beforeAll(() => {
  // The person agreed to the privacy guidelines long ago (real-mode.test.ts covers the prompt).
  tt = createTt({ emulatorUrl: stack.emulator.url, appid, user: persona, privacyAgreed: true });
});

afterAll(() => program?.close());

/** Starts the app as a phone would; `tt` keeps its storage between launches. */
function launchIndex(): PageHandle<IndexData> {
  program?.close();
  program = loadMiniProgram(stack.dist, { tt });
  program.launch({ scene: "e2e" });
  return program.openPage<IndexData>("pages/index/index");
}

const signedIn = (data: IndexData) => data.status !== "loading";
const stored = () => tt.getStorageSync(SESSION_KEY) as StoredSession | "";
const requestsSince = (start: number) =>
  tt.$sim.requests
    .slice(start)
    .map((r) => `${r.method} ${new URL(r.url).pathname} ${r.statusCode}`);

async function platformSession() {
  const query = new URLSearchParams({ appid, user: persona });
  const response = await fetch(`${stack.emulator.url}/emulator/session?${query}`);
  expect(response.status).toBe(200);
  const session = (await response.json()) as { openid: string; sessionKey: string };
  sessionKeys.add(session.sessionKey);
  return session;
}

async function refreshWith(refreshToken: string) {
  const response = await fetch(`${stack.api.url}/api/auth/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Problem };
}

describe("the mini-program against the real API and emulator", () => {
  let firstSession: StoredSession;

  it(
    "logs the Douyin user in on the first launch and shows their openid",
    async () => {
      const page = launchIndex();
      const data = await page.waitFor(signedIn, 20_000);

      expect(data.error).toBeNull();
      expect(data.status).toBe("ready");
      const platform = await platformSession();
      expect(data.user).toMatchObject({ appid, isGuest: false, openid: platform.openid });
      expect(tt.$sim.logins).toHaveLength(1);
      // After a login the app reports the device on its own (e2e-user-data.test.ts checks it).
      await untilQuiet(tt, 10_000);
      expect(requestsSince(0)).toEqual(["POST /api/auth/login 200", "PUT /api/me/device 200"]);
      const session = stored();
      expect(session).toMatchObject({ accessToken: expect.any(String) });
      firstSession = session as StoredSession;
    },
    stepTimeoutMs,
  );

  it(
    "reuses the stored session on the next launch (GET /api/me with the Bearer token)",
    async () => {
      const before = tt.$sim.requests.length;
      const firstUser = program?.currentPages()[0]?.data.user as User;
      const data = await launchIndex().waitFor(signedIn, 20_000);

      expect(data.user?.id).toBe(firstUser.id);
      expect(requestsSince(before)).toEqual(["GET /api/me 200"]);
      expect(tt.$sim.requests.at(-1)?.header.authorization).toBe(
        `Bearer ${firstSession.accessToken}`,
      );
      expect(tt.$sim.logins).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "refreshes once when the access token is refused, and keeps the rotated tokens",
    async () => {
      tt.setStorageSync(SESSION_KEY, { ...firstSession, accessToken: "not-a-valid-token" });
      const before = tt.$sim.requests.length;
      const data = await launchIndex().waitFor(signedIn, 20_000);

      expect(data.status).toBe("ready");
      expect(requestsSince(before)).toEqual(["GET /api/me 401", "POST /api/auth/refresh 200"]);
      const rotated = stored() as StoredSession;
      expect(rotated.refreshToken).not.toBe(firstSession.refreshToken);
      expect(tt.$sim.logins).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "logs out: the API ends the session (204) and the page says so",
    async () => {
      const page = launchIndex();
      await page.waitFor(signedIn, 20_000);
      const session = stored() as StoredSession;
      const before = tt.$sim.requests.length;

      await page.tap("onLogout");

      expect(page.data.status).toBe("signedOut");
      expect(requestsSince(before)).toEqual(["POST /api/auth/logout 204"]);
      expect(stored()).toBe("");
      const afterLogout = await refreshWith(session.refreshToken);
      expect(afterLogout.status).toBe(401);
      expect(["REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED"]).toContain(afterLogout.body.code);
    },
    stepTimeoutMs,
  );

  it(
    "leaves no login code, session key or token in the API's log",
    async () => {
      await platformSession();
      const exitCode = await stack.api.process.stop();
      expect(exitCode, "the API stops cleanly on SIGTERM").toBe(0);
      const log = stack.api.log();
      expect(log).toMatch(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
      expect(log).toMatch(/\/api\/auth\/logout/); // the log covers the whole session

      const secrets = new Map<string, string>();
      for (const [i, login] of tt.$sim.logins.entries()) {
        secrets.set(`login code #${i}`, login.code);
        secrets.set(`anonymous code #${i}`, login.anonymousCode);
      }
      for (const [i, key] of [...sessionKeys].entries()) secrets.set(`session key #${i}`, key);
      for (const [i, request] of tt.$sim.requests.entries()) {
        const response = request.responseData as Partial<StoredSession> | undefined;
        if (response?.accessToken) {
          secrets.set(`access token #${i}`, response.accessToken);
          // The signature part too: a log that splits or decodes the JWT still prints it.
          secrets.set(`access token signature #${i}`, response.accessToken.split(".").at(-1) ?? "");
        }
        if (response?.refreshToken) secrets.set(`refresh token #${i}`, response.refreshToken);
      }
      expect(secrets.size).toBeGreaterThanOrEqual(6);
      // A short value would match by chance and an empty one always: none may be vacuous.
      const short = [...secrets].filter(([, value]) => value.length < 16).map(([name]) => name);
      expect(short).toEqual([]);

      const leaked = [...secrets].filter(([, value]) => log.includes(value));
      expect(leaked.map(([name]) => name)).toEqual([]);
    },
    stepTimeoutMs,
  );
});
