import { describe, expect, it } from "vitest";
import { classify } from "../src/error-category.ts";
import {
  createDouyinClient,
  DouyinConfigError,
  DouyinError,
  type DouyinErrorKind,
} from "../src/index.ts";
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableFailure,
  type RetryPolicy,
  resolveRetryPolicy,
  withRetry,
} from "../src/retry.ts";

function failure(kind: DouyinErrorKind, platformCode: number | string, httpStatus?: number) {
  return new DouyinError({
    platformCode,
    message: "x",
    path: "/p",
    kind,
    ...classify({
      kind,
      platformCode,
      ...(httpStatus === undefined ? {} : { httpStatus }),
    }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
  });
}

/** A policy that records its waits instead of sleeping. */
function recording(policy: Partial<RetryPolicy> = {}, random = () => 0.5) {
  const waits: number[] = [];
  const full: RetryPolicy = {
    ...DEFAULT_RETRY,
    ...policy,
    random,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
  return { policy: full, waits };
}

/** A call that throws the given failures in turn, then answers "ok". */
function calls(...failures: unknown[]) {
  const seen: number[] = [];
  const call = async (attempt: number) => {
    seen.push(attempt);
    const next = failures.shift();
    if (next !== undefined) throw next;
    return "ok";
  };
  return { call, seen };
}

describe("withRetry", () => {
  it.each([
    ["busy -1", failure("platform", -1)],
    ["internal 2000", failure("platform", 2000)],
    ["token service 28001005", failure("platform", 28001005)],
    ["HTTP 503", failure("http", "http_503", 503)],
    ["HTTP 429", failure("http", "http_429", 429)],
    ["a timeout", failure("timeout", "timeout")],
    ["a network failure", failure("network", "network")],
  ])("retries %s and answers the next success", async (_label, error) => {
    const { policy, waits } = recording();
    const { call, seen } = calls(error);
    await expect(withRetry(policy, call)).resolves.toBe("ok");
    expect(seen).toEqual([1, 2]);
    expect(waits).toHaveLength(1);
  });

  it.each([
    ["a token error (withToken's business)", failure("platform", 28001003)],
    ["a configuration error", failure("platform", 40015)],
    ["a user-action error", failure("platform", 40018)],
    ["HTTP 404", failure("http", "http_404", 404)],
    ["a bad response", failure("bad-response", "bad_response", 200)],
    ["an error that is no DouyinError", new TypeError("bug")],
  ])("does not retry %s", async (_label, error) => {
    const { policy, waits } = recording();
    const { call, seen } = calls(error);
    await expect(withRetry(policy, call)).rejects.toBe(error);
    expect(seen).toEqual([1]);
    expect(waits).toEqual([]);
  });

  it("stops after `attempts` and throws the last failure", async () => {
    const { policy, waits } = recording({ attempts: 3 });
    const last = failure("platform", -1);
    const { call, seen } = calls(failure("timeout", "timeout"), failure("platform", -1), last);
    await expect(withRetry(policy, call)).rejects.toBe(last);
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  it("attempts: 1 disables retries", async () => {
    const { policy } = recording({ attempts: 1 });
    const error = failure("platform", -1);
    const { call, seen } = calls(error);
    await expect(withRetry(policy, call)).rejects.toBe(error);
    expect(seen).toEqual([1]);
  });

  it("waits with exponential backoff, full jitter and a cap", async () => {
    const { policy, waits } = recording(
      { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 },
      () => 0.999,
    );
    const busy = () => failure("platform", -1);
    const { call } = calls(busy(), busy(), busy(), busy(), busy());
    await withRetry(policy, call);
    expect(waits).toEqual([99, 199, 399, 499, 499]);
  });

  it("draws each wait between 0 and its ceiling", () => {
    const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    for (let i = 0; i < 100; i += 1) {
      const wait = backoffDelay(policy, 2);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(200);
    }
  });

  it("really sleeps by default", async () => {
    const { call, seen } = calls(failure("platform", -1));
    const started = performance.now();
    await withRetry({ attempts: 2, baseDelayMs: 30, maxDelayMs: 30, random: () => 1 }, call);
    expect(seen).toEqual([1, 2]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("with a path, retries only failures of that path (a token fetch retried already)", async () => {
    const { policy } = recording();
    const tokenFailure = new DouyinError({
      platformCode: -1,
      message: "busy",
      path: "/oauth/client_token/",
      kind: "platform",
      category: "retryable",
      reason: "platform-busy",
    });
    const own = calls(tokenFailure);
    await expect(withRetry(policy, own.call, { path: "/p" })).rejects.toBe(tokenFailure);
    expect(own.seen).toEqual([1]);
    const mine = calls(failure("platform", -1));
    await expect(withRetry(policy, mine.call, { path: "/p" })).resolves.toBe("ok");
    expect(mine.seen).toEqual([1, 2]);
  });

  it("isRetryableFailure follows the error category", () => {
    expect(isRetryableFailure(failure("platform", -1))).toBe(true);
    expect(isRetryableFailure(failure("platform", 28001008))).toBe(false);
    expect(isRetryableFailure(new Error("x"))).toBe(false);
  });
});

describe("resolveRetryPolicy", () => {
  it("defaults to 3 attempts, 100 ms base, 2 s cap", () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      attempts: 3,
      baseDelayMs: 100,
      maxDelayMs: 2000,
    });
  });

  it("takes partial settings", () => {
    expect(resolveRetryPolicy({ attempts: 1 })).toMatchObject({ attempts: 1, baseDelayMs: 100 });
    expect(resolveRetryPolicy({ baseDelayMs: 5000 })).toEqual({
      attempts: 3,
      baseDelayMs: 5000,
      maxDelayMs: 5000,
    });
  });

  it.each([
    ["retry", "3"],
    ["retry.attempts", { attempts: 0 }],
    ["retry.attempts", { attempts: 1.5 }],
    ["retry.attempts", { attempts: 11 }],
    ["retry.baseDelayMs", { baseDelayMs: -1 }],
    ["retry.maxDelayMs", { maxDelayMs: Number.POSITIVE_INFINITY }],
    ["retry.maxDelayMs", { baseDelayMs: 100, maxDelayMs: 50 }],
  ])("refuses a bad %s", (field, value) => {
    let thrown: unknown;
    try {
      resolveRetryPolicy(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinConfigError);
    expect((thrown as DouyinConfigError).field).toBe(field);
  });
});

describe("retry in the client configuration", () => {
  it("is validated by createDouyinClient", () => {
    const config = { appid: "tt_app", secret: "s3cret-value", retry: { attempts: 0 } };
    let thrown: unknown;
    try {
      createDouyinClient(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinConfigError);
    expect((thrown as DouyinConfigError).field).toBe("retry.attempts");
    expect(() => createDouyinClient({ ...config, retry: { attempts: 1 } })).not.toThrow();
  });
});
