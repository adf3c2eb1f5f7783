import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ACCESS_TOKEN_PATH,
  CLIENT_TOKEN_PATH,
  createDouyinClient,
  createMemoryTokenStore,
  type DouyinClientConfig,
  DouyinConfigError,
  DouyinError,
  DouyinInputError,
  isDouyinError,
  type TokenStore,
  tokenStoreKey,
} from "../src/index.ts";
import { failureOf } from "./support/failure.ts";

const secret = "very-secret-value";

interface Sent {
  url: string;
  body: Record<string, unknown>;
}

/** A client whose fetch answers from `answers` in turn (the last one repeats). */
function clientAnswering(
  answers: readonly (readonly [number, unknown])[],
  overrides: Partial<DouyinClientConfig> = {},
) {
  const sent: Sent[] = [];
  const client = createDouyinClient({
    appid: "tt_app",
    secret,
    fetch: async (url, init) => {
      sent.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      const [status, body] = answers[Math.min(sent.length, answers.length) - 1] ?? [500, ""];
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    },
    ...overrides,
  });
  return { client, sent };
}

const accessTokenAnswer = (token = "0801121846abc") =>
  [
    200,
    { err_no: 0, err_tips: "success", data: { access_token: token, expires_in: 7200 } },
  ] as const;
const clientTokenAnswer = (token = "clt.abc") =>
  [
    200,
    {
      message: "success",
      data: { access_token: token, expires_in: 7200, error_code: 0, description: "" },
    },
  ] as const;

describe("client.tokens: token requests", () => {
  it("fetches an access_token from the developer host", async () => {
    const { client, sent } = clientAnswering([accessTokenAnswer("0801121846xyz")]);
    expect(await client.tokens.accessToken()).toBe("0801121846xyz");
    expect(sent).toEqual([
      {
        url: "https://developer.toutiao.com/api/apps/v2/token",
        body: { appid: "tt_app", secret, grant_type: "client_credential" },
      },
    ]);
    expect(await client.tokens.accessToken()).toBe("0801121846xyz");
    expect(sent).toHaveLength(1);
  });

  it("also reads access_token and expires_in at the top level", async () => {
    const { client } = clientAnswering([
      [200, { err_no: 0, err_tips: "success", access_token: "top", expires_in: "7200" }],
    ]);
    expect(await client.tokens.accessToken()).toBe("top");
  });

  it("fetches a client_token from the open host (OAuth envelope)", async () => {
    const store = createMemoryTokenStore();
    const { client, sent } = clientAnswering([clientTokenAnswer("clt.xyz")], {
      tokenStore: store,
    });
    const before = Date.now();
    expect(await client.tokens.clientToken()).toBe("clt.xyz");
    expect(sent).toEqual([
      {
        url: "https://open.douyin.com/oauth/client_token/",
        body: { client_key: "tt_app", client_secret: secret, grant_type: "client_credential" },
      },
    ]);
    const stored = await store.get(tokenStoreKey("production", "client_token", "tt_app"));
    expect(stored?.value).toBe("clt.xyz");
    expect(stored?.expiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(stored?.expiresAt).toBeLessThanOrEqual(Date.now() + 7_200_000);
  });

  it("reports a refused secret as a configuration error without the secret", async () => {
    const { client, sent } = clientAnswering([
      [
        200,
        {
          message: "error",
          data: { error_code: 10003, description: `bad client_secret ${secret}` },
        },
      ],
    ]);
    const error = await failureOf(client.tokens.clientToken());
    expect(error).toMatchObject({
      platformCode: 10003,
      category: "configuration",
      path: "/oauth/client_token/",
    });
    expect(error.message).not.toContain(secret);
    expect(sent).toHaveLength(1);
  });

  it("reports a token-family code from the token endpoint itself as configuration", async () => {
    const { client, sent } = clientAnswering([
      [200, { err_no: 40020, err_tips: "bad grant_type", data: null }],
    ]);
    const error = await failureOf(client.tokens.accessToken());
    expect(error).toMatchObject({ platformCode: 40020, category: "configuration" });
    expect(sent).toHaveLength(1);
  });

  it("refuses a success without a token", async () => {
    const { client } = clientAnswering([[200, { err_no: 0, err_tips: "success", data: {} }]]);
    expect(await failureOf(client.tokens.accessToken())).toMatchObject({ kind: "bad-response" });
  });

  it.each([
    ["an empty access_token", { access_token: "", expires_in: 7200 }],
    ["a numeric access_token", { access_token: 42, expires_in: 7200 }],
    ["no expires_in", { access_token: "tok" }],
    ["expires_in 0", { access_token: "tok", expires_in: 0 }],
    ["a negative expires_in", { access_token: "tok", expires_in: -7200 }],
    ["expires_in '0'", { access_token: "tok", expires_in: "0" }],
    ["an empty expires_in", { access_token: "tok", expires_in: "" }],
    ["a blank expires_in", { access_token: "tok", expires_in: "  " }],
    ["a non-numeric expires_in", { access_token: "tok", expires_in: "2h" }],
    ["an infinite expires_in", { access_token: "tok", expires_in: "1e400" }],
    ["a boolean expires_in", { access_token: "tok", expires_in: true }],
    ["a null expires_in", { access_token: "tok", expires_in: null }],
  ])("refuses a success with %s as a bad response", async (_label, data) => {
    const { client } = clientAnswering([[200, { err_no: 0, err_tips: "success", data }]]);
    expect(await failureOf(client.tokens.accessToken())).toMatchObject({
      kind: "bad-response",
      path: ACCESS_TOKEN_PATH,
      message: "the platform answered success without access_token and expires_in",
    });
  });

  it("accepts expires_in as a numeric string, and counts the expiry from it", async () => {
    const store = createMemoryTokenStore();
    const { client } = clientAnswering(
      [[200, { err_no: 0, data: { access_token: "tok", expires_in: " 90 " } }]],
      { tokenStore: store },
    );
    const before = Date.now();
    expect(await client.tokens.accessToken()).toBe("tok");
    const stored = await store.get(tokenStoreKey("production", "access_token", "tt_app"));
    expect(stored?.expiresAt).toBeGreaterThanOrEqual(before + 90_000);
    expect(stored?.expiresAt).toBeLessThanOrEqual(Date.now() + 90_000);
  });

  it("turns a token-family failure of the token endpoint into invalid-request, keeping its details", async () => {
    const { client } = clientAnswering([
      [200, { err_no: 40020, err_tips: "bad grant_type", log_id: "L-40020", data: null }],
    ]);
    const error = await failureOf(client.tokens.accessToken());
    expect(error).toMatchObject({
      name: "DouyinError",
      platformCode: 40020,
      message: "bad grant_type",
      path: ACCESS_TOKEN_PATH,
      kind: "platform",
      category: "configuration",
      reason: "invalid-request",
      logId: "L-40020",
      httpStatus: 200,
    });
    expect(isDouyinError(error.cause)).toBe(true);
    expect(error.cause).toMatchObject({ platformCode: 40020, category: "token-invalid" });
  });

  it("keeps the HTTP status of a token-family HTTP failure of the token endpoint", async () => {
    const { client } = clientAnswering([
      [401, { err_no: 28001003, err_tips: "access token invalid", data: null }],
    ]);
    const error = await failureOf(client.tokens.clientToken());
    expect(error).toMatchObject({
      platformCode: 28001003,
      path: CLIENT_TOKEN_PATH,
      kind: "http",
      category: "configuration",
      reason: "invalid-request",
      httpStatus: 401,
    });
    expect(error.logId).toBeUndefined();
  });

  it("retries retryable failures up to 3 requests", async () => {
    const busy = [200, { err_no: -1, err_tips: "system busy", data: null }] as const;
    const recovering = clientAnswering([[503, "<html>busy</html>"], busy, accessTokenAnswer("ok")]);
    expect(await recovering.client.tokens.accessToken()).toBe("ok");
    expect(recovering.sent).toHaveLength(3);

    const down = clientAnswering([[502, "<html>bad gateway</html>"]]);
    const error = await failureOf(down.client.tokens.accessToken());
    expect(error).toMatchObject({ httpStatus: 502, category: "retryable" });
    expect(down.sent).toHaveLength(3);
    // The next caller starts afresh.
    await failureOf(down.client.tokens.accessToken());
    expect(down.sent).toHaveLength(6);
  });

  it("follows the client's retry setting (attempts 1: no retry)", async () => {
    const { client, sent } = clientAnswering([[503, "<html>busy</html>"], accessTokenAnswer()], {
      retry: { attempts: 1 },
    });
    expect(await failureOf(client.tokens.accessToken())).toMatchObject({ httpStatus: 503 });
    expect(sent).toHaveLength(1);
  });

  it("gives each token request the client's timeout, and does not repeat one that timed out", async () => {
    let requests = 0;
    const client = createDouyinClient({
      appid: "tt_app",
      secret,
      timeoutMs: 30,
      fetch: (_url, init) => {
        requests += 1;
        return new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        });
      },
    });
    const error = await failureOf(client.tokens.clientToken());
    expect(error).toMatchObject({ kind: "timeout", category: "retryable" });
    // The platform may have issued a token whose answer was lost; another request would cut the
    // token every other process uses to 5 minutes.
    expect(requests).toBe(1);
  });
});

describe("client.tokens.withToken", () => {
  const tokenInvalid = () =>
    new DouyinError({
      platformCode: 28001003,
      message: "access token invalid",
      path: "/api/x",
      kind: "platform",
      category: "token-invalid",
      reason: "token-invalid",
    });

  it("retries a call once with a new token after a token error", async () => {
    const { client, sent } = clientAnswering([
      clientTokenAnswer("clt.1"),
      clientTokenAnswer("clt.2"),
    ]);
    const used: string[] = [];
    const result = await client.tokens.withToken("client_token", async (token) => {
      used.push(token);
      if (token === "clt.1") throw tokenInvalid();
      return 42;
    });
    expect(result).toBe(42);
    expect(used).toEqual(["clt.1", "clt.2"]);
    expect(sent).toHaveLength(2);
  });

  it("rejects an unknown kind", async () => {
    const { client } = clientAnswering([clientTokenAnswer()]);
    await expect(
      client.tokens.withToken("nope" as "client_token", async () => 1),
    ).rejects.toBeInstanceOf(DouyinInputError);
    await expect(
      client.tokens.withToken("" as "client_token", async () => 1),
    ).rejects.toMatchObject({
      field: "kind",
      message: 'token kind must be "access_token" or "client_token"',
    });
  });

  it("runs a call with an access_token from the developer host", async () => {
    const { client, sent } = clientAnswering([accessTokenAnswer("0801121846abc")]);
    expect(await client.tokens.withToken("access_token", async (token) => `used ${token}`)).toBe(
      "used 0801121846abc",
    );
    expect(sent.map((request) => request.url)).toEqual([
      "https://developer.toutiao.com/api/apps/v2/token",
    ]);
  });

  it("shares one store between clients (processes) but not between environments", async () => {
    const store = createMemoryTokenStore();
    const one = clientAnswering([clientTokenAnswer("clt.one")], { tokenStore: store });
    const two = clientAnswering([clientTokenAnswer("clt.two")], { tokenStore: store });
    const sandbox = clientAnswering([clientTokenAnswer("clt.sandbox")], {
      tokenStore: store,
      environment: "sandbox",
    });
    expect(await one.client.tokens.clientToken()).toBe("clt.one");
    expect(await two.client.tokens.clientToken()).toBe("clt.one");
    expect(await sandbox.client.tokens.clientToken()).toBe("clt.sandbox");
    expect(two.sent).toHaveLength(0);
  });

  it("uses tokenRefreshAheadMs", async () => {
    const store = createMemoryTokenStore();
    const key = tokenStoreKey("production", "access_token", "tt_app");
    await store.set(key, {
      value: "old",
      fetchedAt: Date.now() - 3_600_000,
      expiresAt: Date.now() + 600_000,
    });
    const lazy = clientAnswering([accessTokenAnswer("new")], { tokenStore: store });
    expect(await lazy.client.tokens.accessToken()).toBe("old");
    const eager = clientAnswering([accessTokenAnswer("new")], {
      tokenStore: store,
      tokenRefreshAheadMs: 15 * 60_000,
    });
    expect(await eager.client.tokens.accessToken()).toBe("new");
  });
});

describe("token configuration", () => {
  const credentials = { appid: "tt_app", secret };

  it("refuses a store without the four methods", () => {
    const partial = { get: async () => undefined } as unknown as TokenStore;
    expect(() => createDouyinClient({ ...credentials, tokenStore: partial })).toThrow(
      DouyinConfigError,
    );
  });

  it("refuses a negative refresh-ahead window", () => {
    expect(() => createDouyinClient({ ...credentials, tokenRefreshAheadMs: -1 })).toThrow(
      expect.objectContaining({ field: "tokenRefreshAheadMs" }),
    );
  });
});

describe("client.tokens and the shared store's refresh lock", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A store that records the lock TTLs asked for, and whose lock another process holds. */
  function lockedStore() {
    const ttls: number[] = [];
    const memory = createMemoryTokenStore();
    const store: TokenStore = {
      get: (key) => memory.get(key),
      set: (key, token) => memory.set(key, token),
      compareAndDelete: (key, value) => memory.compareAndDelete(key, value),
      lock: async (_name, ttlMs) => {
        ttls.push(ttlMs);
        return undefined;
      },
    };
    return { store, ttls };
  }

  /** Date.now jumps 60 s at each read: a wait for another process times out at once. */
  function racingClock() {
    let now = 1_700_000_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => {
      now += 60_000;
      return now;
    });
  }

  it.each([
    // 3 requests of 10 s, waits of up to 100 and 200 ms between them, 5 s of margin.
    ["the default retry", 10_000, undefined, 35_300],
    // 5 × 5 s + 1 + 2 + 2 + 2 s (capped) + 5 s.
    ["a slow retry", 5_000, { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 2_000 }, 37_000],
    // 3 × 1 s + 0.3 s + 5 s is below the 30 s minimum.
    ["a short timeout", 1_000, undefined, 30_000],
  ] as const)(
    "locks for the slowest fetch plus 5 s, at least 30 s (%s)",
    async (_label, timeoutMs, retry, ttl) => {
      racingClock();
      const { store, ttls } = lockedStore();
      const { client } = clientAnswering([clientTokenAnswer()], {
        tokenStore: store,
        timeoutMs,
        ...(retry === undefined ? {} : { retry }),
      });
      const error = await failureOf(client.tokens.clientToken());
      expect(ttls).toEqual([ttl]);
      // It waits for the lock holder 2 s longer than the lock lives.
      expect(error).toMatchObject({
        kind: "timeout",
        message: `waited ${ttl + 2_000} ms for another process to fetch the client_token`,
      });
    },
  );

  it("names the token endpoint in a timeout waiting for another process", async () => {
    racingClock();
    const { store } = lockedStore();
    const { client, sent } = clientAnswering([accessTokenAnswer()], { tokenStore: store });
    expect(await failureOf(client.tokens.accessToken())).toMatchObject({
      kind: "timeout",
      category: "retryable",
      path: ACCESS_TOKEN_PATH,
    });
    expect(await failureOf(client.tokens.clientToken())).toMatchObject({
      kind: "timeout",
      path: CLIENT_TOKEN_PATH,
    });
    expect(sent).toHaveLength(0);
  });
});
