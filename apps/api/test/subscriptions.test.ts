import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { useApi } from "./helper.ts";
import {
  deviceSubscribe,
  expectProblem,
  login,
  messagingEnv,
  recordSubscriptions,
  templates,
} from "./outbox-helpers.ts";
import { countRows, messagingRows } from "./rows.ts";

const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build(messagingEnv));
});

const allRows = async () => ({ ...(await countRows(app)), ...(await messagingRows(app)) });

describe("POST /api/me/subscriptions", () => {
  it("records the v2 shape: one credit per one-time accept, ignoring rejected templates", async () => {
    const session = await login(app, api.emulator, "sub-v2");
    const result = await deviceSubscribe(api.emulator, {
      user: "sub-v2",
      tmplIds: [templates.shipping.id, templates.booking.id],
      decisions: { [templates.booking.id]: "reject" },
    });
    expect(result).toHaveProperty("templateSettings");
    const response = await recordSubscriptions(app, session.accessToken, result);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      grants: [{ templateId: templates.shipping.id, kind: "one-time", credits: 1, active: true }],
    });

    // A second accept adds a credit: each accept allows one message.
    const again = await deviceSubscribe(api.emulator, {
      user: "sub-v2",
      tmplIds: [templates.shipping.id],
    });
    const second = await recordSubscriptions(app, session.accessToken, again);
    expect(second.json().grants[0]).toMatchObject({ credits: 2 });
  });

  it("records the legacy shape, and a long-term accept as an active grant", async () => {
    const session = await login(app, api.emulator, "sub-legacy");
    const oneTime = await deviceSubscribe(api.emulator, {
      user: "sub-legacy",
      tmplIds: [templates.shipping.id, templates.booking.id],
      decisions: { [templates.shipping.id]: "ban" },
      shape: "legacy",
    });
    expect(oneTime[templates.booking.id]).toBe("accept");
    expect(oneTime).toHaveProperty("itemSettings");
    await recordSubscriptions(app, session.accessToken, oneTime);

    const longTerm = await deviceSubscribe(api.emulator, {
      user: "sub-legacy",
      tmplIds: [templates.progress.id],
      shape: "legacy",
    });
    const response = await recordSubscriptions(app, session.accessToken, longTerm);
    expect(response.statusCode).toBe(200);
    expect(response.json().grants).toEqual([
      { templateId: templates.booking.id, kind: "one-time", credits: 1, active: true },
      { templateId: templates.progress.id, kind: "long-term", credits: 0, active: true },
    ]);
  });

  it("ignores ids this app did not configure and statuses other than accept", async () => {
    const session = await login(app, api.emulator, "sub-ignore");
    const before = await allRows();
    const response = await recordSubscriptions(app, session.accessToken, {
      templateSettings: {
        MSG_not_configured: { status: "accept" },
        [templates.shipping.id]: { status: "fail" },
        [templates.booking.id]: { status: "repeat" },
      },
      MSG_legacy_unknown: "accept",
      errMsg: "requestSubscribeMessage:ok",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ grants: [] });
    expect(await allRows()).toEqual(before);
  });

  it("reads a template's status from templateSettings before the legacy keys", async () => {
    const session = await login(app, api.emulator, "sub-both");
    const response = await recordSubscriptions(app, session.accessToken, {
      templateSettings: { [templates.shipping.id]: { status: "reject" } },
      [templates.shipping.id]: "accept",
      itemSettings: { [templates.booking.id]: "accept" },
    });
    expect(response.json().grants).toEqual([
      { templateId: templates.booking.id, kind: "one-time", credits: 1, active: true },
    ]);
  });

  it("needs a logged-in user", async () => {
    const before = await allRows();
    const response = await app.inject({
      method: "POST",
      url: "/api/me/subscriptions",
      payload: { result: { [templates.shipping.id]: "accept" } },
    });
    expectProblem(response, 401, "UNAUTHORIZED");
    expect(await allRows()).toEqual(before);
  });

  const badBodies: [string, unknown][] = [
    ["no result", {}],
    ["a result that is a string", { result: "accept" }],
    ["a result that is an array", { result: [templates.shipping.id] }],
    ["a legacy status that is not a string", { result: { [templates.shipping.id]: true } }],
    ["a legacy status with odd characters", { result: { [templates.shipping.id]: "ac cept!" } }],
    ["a template id with odd characters", { result: { "MSG 1/..": "accept" } }],
    ["an oversized template id", { result: { [`MSG${"1".repeat(200)}`]: "accept" } }],
    ["templateSettings that is not an object", { result: { templateSettings: "accept" } }],
    [
      "a setting without status",
      { result: { templateSettings: { MSG1: { alwaysSubscribe: true } } } },
    ],
    [
      "a setting with an unknown field",
      { result: { templateSettings: { MSG1: { status: "accept", x: 1 } } } },
    ],
    [
      "too many templates",
      { result: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`MSG${i}`, "accept"])) },
    ],
    ["an unknown field beside result", { result: {}, userId: "someone-else" }],
    ["an errMsg that is too long", { result: { errMsg: "x".repeat(300) } }],
    ["null", null],
  ];
  it.each(badBodies)(
    "answers %s with 400 VALIDATION_FAILED and writes nothing",
    async (_, body) => {
      const session = await login(app, api.emulator, "sub-bad");
      const before = await allRows();
      const response = await app.inject({
        method: "POST",
        url: "/api/me/subscriptions",
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          "content-type": "application/json",
        },
        payload: JSON.stringify(body),
      });
      expectProblem(response, 400, "VALIDATION_FAILED");
      expect(await allRows()).toEqual(before);
    },
  );

  it("answers a huge body with 413 and a foreign content type with 415", async () => {
    const session = await login(app, api.emulator, "sub-huge");
    const before = await allRows();
    const post = (payload: string, type: string) =>
      app.inject({
        method: "POST",
        url: "/api/me/subscriptions",
        headers: { authorization: `Bearer ${session.accessToken}`, "content-type": type },
        payload,
      });
    expectProblem(
      await post(JSON.stringify({ result: { errMsg: "x".repeat(20_000) } }), "application/json"),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectProblem(
      await post("result=1", "application/x-www-form-urlencoded"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(await allRows()).toEqual(before);
  });
});
