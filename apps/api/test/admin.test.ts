import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { developmentAdminKeyNotice } from "../src/plugins/app/admin-auth.ts";
import { type LogCapture, useApi } from "./helper.ts";
import {
  adminHeaders,
  expectProblem,
  type LoggedIn,
  login,
  messagingEnv,
  sendMessage,
  settled,
  templates,
} from "./outbox-helpers.ts";
import { countRows, messagingRows } from "./rows.ts";

const api = useApi();
let app: App;
let logs: LogCapture;
let alice: LoggedIn;

beforeAll(async () => {
  ({ app, logs } = await api.build(messagingEnv));
  alice = await login(app, api.emulator, "admin-alice");
});

const allRows = async () => ({ ...(await countRows(app)), ...(await messagingRows(app)) });
const message = (overrides: Record<string, unknown> = {}) => ({
  userId: alice.user.id,
  templateId: templates.shipping.id,
  data: templates.shipping.data,
  ...overrides,
});

describe("the development admin key notice", () => {
  it("says where the key came from and how to send it", () => {
    expect(developmentAdminKeyNotice("k".repeat(32), "generated")).toBe(
      "Admin API key (development only, generated and kept in .data/dev-secrets.json; set ADMIN_API_KEY to choose your own). " +
        `Send it as x-admin-key to /api/admin/*:\n  ${"k".repeat(32)}`,
    );
    expect(developmentAdminKeyNotice("key-from-env", "env")).toBe(
      "Admin API key (development only, from ADMIN_API_KEY). Send it as x-admin-key to /api/admin/*:\n  key-from-env",
    );
  });
});

describe("admin authentication", () => {
  const routes = [
    { method: "POST" as const, url: "/api/admin/messages", payload: message },
    { method: "GET" as const, url: "/api/admin/messages/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
    { method: "GET" as const, url: "/api/admin/users" },
  ];

  it.each(routes)(
    "$method $url: no key → 401, a wrong key → 403, nothing written",
    async (route) => {
      const before = await allRows();
      const call = (headers: Record<string, string>) =>
        app.inject({
          method: route.method,
          url: route.url,
          headers,
          ...(route.payload ? { payload: route.payload() } : {}),
        });
      const missing = "Send the admin key in x-admin-key";
      expect(expectProblem(await call({}), 401, "UNAUTHORIZED").detail).toBe(missing);
      expectProblem(await call({ "x-admin-key": "" }), 401, "UNAUTHORIZED");
      const key = app.config.adminApiKey ?? "";
      const warnings = logs.lines.filter((line) => line.includes("admin request with a wrong key"));
      expect(expectProblem(await call({ "x-admin-key": "wrong" }), 403, "FORBIDDEN").detail).toBe(
        "The admin key is not valid",
      );
      expect(
        logs.lines.filter((line) => line.includes('"msg":"admin request with a wrong key"')),
      ).toHaveLength(warnings.length + 1);
      // The key with its last character changed (to something else than it is).
      const nearMiss = `${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`;
      expectProblem(await call({ "x-admin-key": nearMiss }), 403, "FORBIDDEN");
      expectProblem(await call({ "x-admin-key": `${key}${key}` }), 403, "FORBIDDEN");
      expectProblem(
        await call({ authorization: `Bearer ${alice.accessToken}` }),
        401,
        "UNAUTHORIZED",
      );
      expect(await allRows()).toEqual(before);
      expect(logs.text).not.toContain(key);
    },
  );

  it("registers no admin route in production without ADMIN_API_KEY", async () => {
    const { app: production } = await api.build({
      ...messagingEnv,
      NODE_ENV: "production",
      DOUYIN_ENVIRONMENT: "sandbox",
      ADMIN_API_KEY: "",
    });
    expect(production.config.adminApiKey).toBeUndefined();
    for (const route of routes) {
      const response = await production.inject({
        method: route.method,
        url: route.url,
        headers: { "x-admin-key": "anything" },
        ...(route.payload ? { payload: route.payload() } : {}),
      });
      expectProblem(response, 404, "NOT_FOUND");
    }
    // The key check itself, were a route to call it anyway, finds nothing to compare against.
    const request = {
      ip: "203.0.113.7",
      headers: { "x-admin-key": "anything" },
      log: production.log,
    };
    await expect(production.verifyAdminKey(request as never)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("POST /api/admin/messages", () => {
  it("queues a message (202) and shows it with GET /api/admin/messages/:id", async () => {
    const response = await sendMessage(app, message({ page: "pages/order/order?id=A-1001" }));
    expect(response.statusCode).toBe(202);
    const { id, status } = response.json();
    expect(status).toBe("queued");
    // Alice has no grant: the worker rejects it without calling Douyin.
    const settledMessage = await settled(app, id);
    expect(settledMessage).toMatchObject({
      id,
      status: "rejected",
      rejectReason: "not subscribed",
      attempts: 0,
      platformLogId: null,
      sentAt: null,
    });
    const view = await app.inject({
      method: "GET",
      url: `/api/admin/messages/${id}`,
      headers: adminHeaders(app),
    });
    expect(view.json()).toMatchObject({
      userId: alice.user.id,
      openid: alice.user.openid,
      templateId: templates.shipping.id,
      data: templates.shipping.data,
      page: "pages/order/order?id=A-1001",
      idempotencyKey: null,
    });
  });

  it("finds the user by openid as well", async () => {
    const response = await sendMessage(
      app,
      message({ userId: undefined, openid: alice.user.openid }),
    );
    expect(response.statusCode).toBe(202);
    await settled(app, response.json().id);
  });

  it("answers the same idempotency key and content with the same message (200), once", async () => {
    const first = await sendMessage(app, message({ idempotencyKey: "order-A-1001-shipped" }));
    expect(first.statusCode).toBe(202);
    await settled(app, first.json().id);
    const before = await allRows();
    // Same user by openid, keywords in another order: the same message.
    const again = await sendMessage(
      app,
      message({
        userId: undefined,
        openid: alice.user.openid,
        data: Object.fromEntries(Object.entries(templates.shipping.data).reverse()),
        idempotencyKey: "order-A-1001-shipped",
      }),
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, status: "rejected" });
    expect(await allRows()).toEqual(before);
  });

  it.each([
    ["other data", { data: { ...templates.shipping.data, 快递单号: "SF999" } }],
    ["another template", { templateId: templates.booking.id, data: templates.booking.data }],
    ["a page", { page: "pages/index/index" }],
  ])("answers the same idempotency key with %s with 409 and writes nothing", async (_, change) => {
    const key = `reuse-${Math.random()}`;
    const first = await sendMessage(app, message({ idempotencyKey: key }));
    await settled(app, first.json().id);
    const before = await allRows();
    expectProblem(
      await sendMessage(app, message({ idempotencyKey: key, ...change })),
      409,
      "IDEMPOTENCY_KEY_REUSED",
    );
    expect(await allRows()).toEqual(before);
  });

  it("answers a template this app did not configure with 400 TEMPLATE_UNKNOWN", async () => {
    const before = await allRows();
    expectProblem(
      await sendMessage(app, message({ templateId: "MSG_not_configured" })),
      400,
      "TEMPLATE_UNKNOWN",
    );
    expect(await allRows()).toEqual(before);
  });

  it("answers an unknown user with 404 and a guest with 400", async () => {
    const before = await allRows();
    expectProblem(await sendMessage(app, message({ userId: "no-such-user" })), 404, "NOT_FOUND");
    expectProblem(
      await sendMessage(app, message({ userId: undefined, openid: "no-such-openid" })),
      404,
      "NOT_FOUND",
    );
    const guest = await app.db.user.create({
      data: { appid: app.config.douyin.appid, anonymousOpenid: "anon-admin-guest" },
    });
    const guestRows = await allRows();
    expectProblem(await sendMessage(app, message({ userId: guest.id })), 400, "VALIDATION_FAILED");
    expect(await allRows()).toEqual(guestRows);
    await app.db.user.delete({ where: { id: guest.id } });
    expect(await allRows()).toEqual(before);
  });

  const badBodies: [string, unknown][] = [
    [
      "neither openid nor userId",
      { templateId: templates.shipping.id, data: templates.shipping.data },
    ],
    [
      "both openid and userId",
      { openid: "x", userId: "y", templateId: templates.shipping.id, data: {} },
    ],
    ["no templateId", { userId: "u", data: templates.shipping.data }],
    ["no data", { userId: "u", templateId: templates.shipping.id }],
    ["empty data", { userId: "u", templateId: templates.shipping.id, data: {} }],
    [
      "a value that is a number",
      { userId: "u", templateId: templates.shipping.id, data: { a: 1 } },
    ],
    [
      "a value that is too long",
      { userId: "u", templateId: templates.shipping.id, data: { a: "x".repeat(1001) } },
    ],
    [
      "21 keywords",
      {
        userId: "u",
        templateId: templates.shipping.id,
        data: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])),
      },
    ],
    [
      "a page that is too long",
      { userId: "u", templateId: templates.shipping.id, data: { a: "b" }, page: "p".repeat(513) },
    ],
    [
      "an idempotency key with spaces",
      { userId: "u", templateId: templates.shipping.id, data: { a: "b" }, idempotencyKey: "a b" },
    ],
    ["a template id with a slash", { userId: "u", templateId: "MSG/1", data: { a: "b" } }],
    [
      "an openid that is an object",
      { openid: { $ne: "" }, templateId: templates.shipping.id, data: { a: "b" } },
    ],
    [
      "an unknown field",
      { userId: "u", templateId: templates.shipping.id, data: { a: "b" }, priority: 1 },
    ],
    ["an array", [{ userId: "u" }]],
  ];
  it.each(badBodies)(
    "answers %s with 400 VALIDATION_FAILED and writes nothing",
    async (_, body) => {
      const before = await allRows();
      const response = await app.inject({
        method: "POST",
        url: "/api/admin/messages",
        headers: { ...adminHeaders(app), "content-type": "application/json" },
        payload: JSON.stringify(body),
      });
      expectProblem(response, 400, "VALIDATION_FAILED");
      expect(await allRows()).toEqual(before);
    },
  );
});

describe("GET /api/admin/messages/:id", () => {
  it("answers an unknown id with 404 and a malformed one with 400", async () => {
    const get = (id: string) =>
      app.inject({ method: "GET", url: `/api/admin/messages/${id}`, headers: adminHeaders(app) });
    expectProblem(await get("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), 404, "NOT_FOUND");
    expectProblem(await get("not%20an%20id"), 400, "VALIDATION_FAILED");
    expectProblem(await get("x".repeat(65)), 400, "VALIDATION_FAILED");
  });
});

describe("GET /api/admin/users", () => {
  const list = (query: string) =>
    app.inject({ method: "GET", url: `/api/admin/users${query}`, headers: adminHeaders(app) });

  it("pages with a cursor, filters by openid, and shows phone numbers masked only", async () => {
    const bob = await login(app, api.emulator, "admin-bob");
    await login(app, api.emulator, "admin-carol");
    await app.db.userPhone.create({
      data: {
        userId: bob.user.id,
        phoneCiphertext: "v1.not-a-real-ciphertext",
        phoneHash: "not-a-real-hash",
        masked: "138****8000",
        countryCode: "86",
        source: "code",
        verifiedAt: new Date(),
      },
    });
    const total = await app.db.user.count();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { users: { id: string }[]; nextCursor: string | null };
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((user) => user.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());

    const filtered = await list(`?openid=${encodeURIComponent(bob.user.openid ?? "")}`);
    expect(filtered.json()).toEqual({
      users: [
        expect.objectContaining({
          id: bob.user.id,
          openid: bob.user.openid,
          isGuest: false,
          phoneMasked: "138****8000",
          grants: [],
        }),
      ],
      nextCursor: null,
    });
    expect(filtered.body).not.toContain("not-a-real");
    expect((await list("?openid=nobody")).json()).toEqual({ users: [], nextCursor: null });
  });

  it.each([
    ["limit=0"],
    ["limit=101"],
    ["limit=abc"],
    ["limit=-1"],
    ["cursor=%2F%2F"],
    ["cursor=YSBi"],
    ["openid=a%20b"],
    ["page=2"],
  ])("answers ?%s with 400 VALIDATION_FAILED", async (query) => {
    expectProblem(await list(`?${query}`), 400, "VALIDATION_FAILED");
  });
});
