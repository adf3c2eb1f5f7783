import { type RunningEmulator, startEmulator } from "@tt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createDouyinClient,
  createMemoryTokenStore,
  type DouyinClient,
  type DouyinClientConfig,
  type DouyinError,
  isDouyinError,
} from "../src/index.ts";

// Facts about the emulator, written here rather than imported from its internals.
const APP = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
const ACCESS_TOKEN = "/api/apps/v2/token";
const CLIENT_TOKEN = "/oauth/client_token/";
const QUERY = "/api/notification/v2/subscription/query_user_subscribe/";
const TWO_HOURS_MS = 7_200_000;

let emulator: RunningEmulator;
let templateId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "sdk-token-tests" });
  const { apps } = await control("GET", "/emulator/apps");
  templateId = apps.find((app: { appid: string }) => app.appid === APP.appid).templates[0]
    .templateId;
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control("POST", "/emulator/reset");
});

function clientWith(overrides: Partial<DouyinClientConfig> = {}): DouyinClient {
  return createDouyinClient({
    ...APP,
    environment: "emulator",
    emulatorUrl: emulator.url,
    timeoutMs: 2000,
    retry: { baseDelayMs: 1 },
    ...overrides,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: control answers are arbitrary JSON
async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const callsOf = async (path: string): Promise<number> =>
  (await control("GET", "/emulator/stats")).calls[path] ?? 0;

async function failureOf(promise: Promise<unknown>): Promise<DouyinError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isDouyinError(error)).toBe(true);
  expect((error as Error).message).not.toContain(APP.secret);
  return error as DouyinError;
}

/** A call that needs the client_token (open.douyin.com, `access-token` header). */
const query = (client: DouyinClient) =>
  client.queryUserSubscription({ openid: "tokens-test-user", templateId });

describe("tokens against the emulator", () => {
  it("fetches each kind once and keeps using it", async () => {
    const client = clientWith();
    const accessToken = await client.tokens.accessToken();
    const clientToken = await client.tokens.clientToken();
    expect(clientToken).toMatch(/^clt\./);
    expect(await client.tokens.accessToken()).toBe(accessToken);
    expect(await client.tokens.clientToken()).toBe(clientToken);
    const { tokens } = await control("GET", `/emulator/tokens?appid=${APP.appid}`);
    expect(
      tokens.map((t: { kind: string; token: string; state: string }) => [t.kind, t.token, t.state]),
    ).toEqual(
      expect.arrayContaining([
        ["access_token", accessToken, "valid"],
        ["client_token", clientToken, "valid"],
      ]),
    );
    expect(await callsOf(ACCESS_TOKEN)).toBe(1);
    expect(await callsOf(CLIENT_TOKEN)).toBe(1);
  });

  it("shares one fetch among 200 concurrent calls", async () => {
    const client = clientWith();
    const answers = await Promise.all(Array.from({ length: 200 }, () => query(client)));
    // Every call went through with the one token: a real answer each, not merely 200 promises.
    const first = answers[0];
    expect(first).toMatchObject({
      subscribeStatus: expect.any(Number),
      userAllowNotification: expect.any(Boolean),
    });
    expect(
      answers.every(
        (answer) =>
          answer.subscribeStatus === first?.subscribeStatus &&
          answer.userAllowNotification === first?.userAllowNotification,
      ),
    ).toBe(true);
    expect(await callsOf(CLIENT_TOKEN)).toBe(1);
    expect(await callsOf(QUERY)).toBe(200);
  });

  it("reports a wrong secret as a configuration error, without retrying", async () => {
    const client = clientWith({ secret: "not_the_secret" });
    expect(await failureOf(client.tokens.accessToken())).toMatchObject({
      platformCode: 40017,
      category: "configuration",
      path: ACCESS_TOKEN,
    });
    expect(await failureOf(client.tokens.clientToken())).toMatchObject({
      platformCode: 10013,
      category: "configuration",
      path: CLIENT_TOKEN,
    });
    expect(await failureOf(query(client))).toMatchObject({ platformCode: 10013 });
    expect(await callsOf(ACCESS_TOKEN)).toBe(1);
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
    expect(await callsOf(QUERY)).toBe(0);
  });

  it("retries a busy or failing token endpoint", async () => {
    await control("POST", "/emulator/faults", { path: ACCESS_TOKEN, errNo: -1, times: 2 });
    await control("POST", "/emulator/faults", { path: CLIENT_TOKEN, status: 503, times: 1 });
    const client = clientWith();
    expect(await client.tokens.accessToken()).not.toBe("");
    expect(await client.tokens.clientToken()).toMatch(/^clt\./);
    expect(await callsOf(ACCESS_TOKEN)).toBe(3);
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
  });

  it("gives up after 3 requests to a busy token endpoint", async () => {
    await control("POST", "/emulator/faults", { path: ACCESS_TOKEN, errNo: -1, times: 5 });
    const error = await failureOf(clientWith().tokens.accessToken());
    expect(error).toMatchObject({ platformCode: -1, category: "retryable" });
    expect(await callsOf(ACCESS_TOKEN)).toBe(3);
  });

  it("renews a revoked client_token once and the call succeeds", async () => {
    const client = clientWith();
    const before = await client.tokens.clientToken();
    await query(client);
    await control("POST", "/emulator/tokens/invalidate", {
      appid: APP.appid,
      kind: "client_token",
    });
    await query(client);
    expect(await client.tokens.clientToken()).not.toBe(before);
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
    expect(await callsOf(QUERY)).toBe(3); // 1 + refused + retried
  });

  it("renews a token the platform let expire (emulator clock), though ours looked fresh", async () => {
    const client = clientWith();
    await query(client);
    await control("POST", "/emulator/clock", { advanceMs: TWO_HOURS_MS });
    await query(client);
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
  });

  it("throws the second token error instead of retrying again", async () => {
    const client = clientWith();
    await client.tokens.clientToken();
    await control("POST", "/emulator/faults", { path: QUERY, errNo: 28001003, times: 2 });
    const error = await failureOf(query(client));
    expect(error).toMatchObject({ platformCode: 28001003, category: "token-invalid" });
    expect(await callsOf(QUERY)).toBe(2);
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
  });

  it("lets two clients (processes) on one store fetch once, and renew once", async () => {
    const store = createMemoryTokenStore();
    const clients = [clientWith({ tokenStore: store }), clientWith({ tokenStore: store })];
    await Promise.all(Array.from({ length: 50 }, (_, i) => query(clients[i % 2] as DouyinClient)));
    await control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    await Promise.all(Array.from({ length: 50 }, (_, i) => query(clients[i % 2] as DouyinClient)));
    expect(await callsOf(CLIENT_TOKEN)).toBe(2);
  });
});
