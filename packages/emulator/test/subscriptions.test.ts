import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_APP,
  DEFAULT_APP_TEMPLATES,
  MIN_SEND_INTERVAL_MS,
  type RunningEmulator,
  SECOND_APP,
  SECOND_APP_TEMPLATES,
  startEmulator,
} from "../src/index.ts";
import {
  accessToken,
  advance,
  clientToken,
  deviceLogin,
  get,
  openPost,
  post,
} from "./support/http.ts";

let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "subscription-tests" });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await post(emulator.url, "/emulator/reset");
  token = await clientToken(emulator.url, DEFAULT_APP);
});

const [SHIPPED, BOOKED, PROGRESS] = DEFAULT_APP_TEMPLATES.map((template) => template) as [
  (typeof DEFAULT_APP_TEMPLATES)[number],
  (typeof DEFAULT_APP_TEMPLATES)[number],
  (typeof DEFAULT_APP_TEMPLATES)[number],
];
const NOTIFY = "/api/notification/v2/subscription/notify_user/";
const QUERY = "/api/notification/v2/subscription/query_user_subscribe/";
const shippedData = { 订单编号: "20240101001", 快递公司: "顺丰速运", 快递单号: "SF1111111111" };
const progressData = { 服务名称: "家电维修", 当前进度: "师傅已出发" };

const openidOf = async (user: string, appid = DEFAULT_APP.appid) => {
  await deviceLogin(emulator.url, { user, appid });
  return (await get(emulator.url, `/emulator/session?user=${user}&appid=${appid}`)).json.openid;
};
const subscribe = (body: Record<string, unknown>) => post(emulator.url, "/device/subscribe", body);
const notify = (body: Record<string, unknown>) => openPost(emulator.url, NOTIFY, token, body);
const inbox = async (user: string) =>
  (await get(emulator.url, `/device/inbox?user=${user}`)).json.messages;

describe("POST /device/subscribe", () => {
  it("answers the v2 shape by default, accepting what is not decided", async () => {
    const answer = await subscribe({
      user: "alice",
      tmplIds: [SHIPPED.templateId, BOOKED.templateId],
      decisions: { [BOOKED.templateId]: "reject" },
      alwaysSubscribe: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      templateSettings: {
        [SHIPPED.templateId]: {
          status: "accept",
          alwaysSubscribe: true,
          allowReminderWay: [{ reminderType: "message_notice", reminderStatus: "accept" }],
        },
        [BOOKED.templateId]: {
          status: "reject",
          alwaysSubscribe: false,
          allowReminderWay: [{ reminderType: "message_notice", reminderStatus: "reject" }],
        },
      },
      errMsg: "requestSubscribeMessage:ok",
    });
  });

  it("answers the legacy shape, with the Android itemSettings", async () => {
    const answer = await subscribe({
      user: "alice",
      tmplIds: [SHIPPED.templateId, BOOKED.templateId],
      decisions: { [SHIPPED.templateId]: "ban", [BOOKED.templateId]: "fail" },
      shape: "legacy",
    });
    expect(answer.json).toEqual({
      [SHIPPED.templateId]: "ban",
      [BOOKED.templateId]: "fail",
      itemSettings: { [SHIPPED.templateId]: "ban", [BOOKED.templateId]: "fail" },
      errMsg: "requestSubscribeMessage:ok",
    });
  });

  it("answers repeat and limit in v2, ban as fail, and grants none of them", async () => {
    const openid = await openidOf("alice");
    const answer = await subscribe({
      user: "alice",
      tmplIds: [SHIPPED.templateId, BOOKED.templateId],
      decisions: { [SHIPPED.templateId]: "repeat", [BOOKED.templateId]: "limit" },
      alwaysSubscribe: true,
    });
    expect(answer.status).toBe(200);
    const notGranted = (status: string) => ({
      status,
      alwaysSubscribe: false,
      allowReminderWay: [{ reminderType: "message_notice", reminderStatus: "reject" }],
    });
    expect(answer.json).toEqual({
      templateSettings: {
        [SHIPPED.templateId]: notGranted("repeat"),
        [BOOKED.templateId]: notGranted("limit"),
      },
      errMsg: "requestSubscribeMessage:ok",
    });
    const banned = await subscribe({
      user: "alice",
      tmplIds: [PROGRESS.templateId],
      decisions: { [PROGRESS.templateId]: "ban" },
    });
    expect(banned.json).toEqual({
      templateSettings: { [PROGRESS.templateId]: notGranted("fail") },
      errMsg: "requestSubscribeMessage:ok",
    });
    for (const template of [SHIPPED, BOOKED, PROGRESS]) {
      const query = await openPost(emulator.url, QUERY, token, {
        open_id: openid,
        msg_id: template.templateId,
      });
      expect(query.json.data.subscribe_status).toBe(0);
    }
  });

  it("answers repeat and limit as fail in the legacy shape", async () => {
    const answer = await subscribe({
      user: "alice",
      tmplIds: [SHIPPED.templateId, BOOKED.templateId],
      decisions: { [SHIPPED.templateId]: "repeat", [BOOKED.templateId]: "limit" },
      shape: "legacy",
    });
    expect(answer.json).toEqual({
      [SHIPPED.templateId]: "fail",
      [BOOKED.templateId]: "fail",
      itemSettings: { [SHIPPED.templateId]: "fail", [BOOKED.templateId]: "fail" },
      errMsg: "requestSubscribeMessage:ok",
    });
  });

  it.each([
    [[], 1002],
    [["MSG_a", "MSG_b", "MSG_c", "MSG_d"], 1003],
    [["MSG_unknown"], 1004],
    [[SECOND_APP_TEMPLATES[0]?.templateId], 1004],
    [[SHIPPED.templateId, PROGRESS.templateId], 1002],
    [[SHIPPED.templateId, SHIPPED.templateId], 1002],
  ])("fails like the client for tmplIds %j (errNo %i)", async (tmplIds, errNo) => {
    const answer = await subscribe({ user: "alice", tmplIds });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      errNo,
      errMsg: expect.stringMatching(/^requestSubscribeMessage:fail /),
    });
  });

  it.each([
    [{ tmplIds: "MSG_a" }],
    [{ tmplIds: [1] }],
    [{ tmplIds: [SHIPPED.templateId], decisions: { [SHIPPED.templateId]: "maybe" } }],
    [{ tmplIds: [SHIPPED.templateId], decisions: { other: "accept" } }],
    [{ tmplIds: [SHIPPED.templateId], shape: "v3" }],
    [{ tmplIds: [SHIPPED.templateId], alwaysSubscribe: "yes" }],
    [{ tmplIds: [SHIPPED.templateId], appid: "tt_unknown" }],
  ])("refuses malformed input %j with 400 bad_request", async (body) => {
    const answer = await subscribe({ user: "alice", ...body });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("bad_request");
  });
});

describe("query_user_subscribe", () => {
  const query = async (openid: string, msgId: string) =>
    (await openPost(emulator.url, QUERY, token, { open_id: openid, msg_id: msgId })).json;

  it("tells whether a grant is there (1) or not (0)", async () => {
    const openid = await openidOf("bob");
    expect(await query(openid, SHIPPED.templateId)).toEqual({
      err_no: 0,
      err_msg: "",
      log_id: expect.any(String),
      data: { subscribe_status: 0, user_allow_notification: false },
    });
    await subscribe({ user: "bob", tmplIds: [SHIPPED.templateId], alwaysSubscribe: true });
    expect((await query(openid, SHIPPED.templateId)).data).toEqual({
      subscribe_status: 1,
      user_allow_notification: true,
    });
    await notify({ open_id: openid, msg_id: SHIPPED.templateId, data: shippedData });
    expect((await query(openid, SHIPPED.templateId)).data.subscribe_status).toBe(0);
  });

  it("answers 28014001 for bad parameters or another app's template", async () => {
    const openid = await openidOf("bob");
    expect((await query(openid, "MSG_unknown")).err_no).toBe(28014001);
    expect((await query(openid, SECOND_APP_TEMPLATES[0]?.templateId ?? "")).err_no).toBe(28014001);
    expect((await query("", SHIPPED.templateId)).err_no).toBe(28014001);
  });
});

describe("notify_user (v2)", () => {
  it("delivers to the inbox and uses up a one-time grant", async () => {
    const openid = await openidOf("carol");
    await subscribe({ user: "carol", tmplIds: [SHIPPED.templateId] });
    const sent = await notify({
      open_id: openid,
      msg_id: SHIPPED.templateId,
      data: shippedData,
      page: "pages/order/detail?id=1",
      notify_type: [1, 2],
    });
    expect(sent.json).toEqual({ err_no: 0, err_msg: "", log_id: expect.any(String) });
    const { now } = (await get(emulator.url, "/emulator/clock")).json;
    const messages = await inbox("carol");
    expect(messages).toEqual([
      {
        templateId: SHIPPED.templateId,
        data: shippedData,
        page: "pages/order/detail?id=1",
        notifyType: [1, 2],
        at: expect.any(Number),
      },
    ]);
    expect(Math.abs(messages[0].at - now)).toBeLessThan(2000);

    await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    const again = await notify({ open_id: openid, msg_id: SHIPPED.templateId, data: shippedData });
    expect(again.json).toMatchObject({ err_no: 28014043, data: null });
  });

  it("counts every accept as one more one-time send", async () => {
    const openid = await openidOf("dora");
    await subscribe({ user: "dora", tmplIds: [SHIPPED.templateId] });
    await subscribe({ user: "dora", tmplIds: [SHIPPED.templateId] });
    for (const expected of [0, 0, 28014043]) {
      const answer = await notify({
        open_id: openid,
        msg_id: SHIPPED.templateId,
        data: shippedData,
      });
      expect(answer.json.err_no).toBe(expected);
      await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    }
    expect(await inbox("dora")).toHaveLength(2);
  });

  it("keeps a long-term grant until the user refuses it", async () => {
    const openid = await openidOf("erin");
    await subscribe({ user: "erin", tmplIds: [PROGRESS.templateId] });
    for (let i = 0; i < 3; i++) {
      const answer = await notify({
        open_id: openid,
        msg_id: PROGRESS.templateId,
        data: progressData,
      });
      expect(answer.json.err_no).toBe(0);
      await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    }
    await subscribe({
      user: "erin",
      tmplIds: [PROGRESS.templateId],
      decisions: { [PROGRESS.templateId]: "reject" },
    });
    const refused = await notify({
      open_id: openid,
      msg_id: PROGRESS.templateId,
      data: progressData,
    });
    expect(refused.json.err_no).toBe(28014043);
  });

  it("allows one message per second per user (1010), without using the grant", async () => {
    const openid = await openidOf("frank");
    await subscribe({ user: "frank", tmplIds: [PROGRESS.templateId] });
    await subscribe({ user: "frank", tmplIds: [SHIPPED.templateId] });
    expect(
      (await notify({ open_id: openid, msg_id: PROGRESS.templateId, data: progressData })).json
        .err_no,
    ).toBe(0);
    const tooSoon = await notify({
      open_id: openid,
      msg_id: SHIPPED.templateId,
      data: shippedData,
    });
    expect(tooSoon.json.err_no).toBe(1010);
    await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    expect(
      (await notify({ open_id: openid, msg_id: SHIPPED.templateId, data: shippedData })).json
        .err_no,
    ).toBe(0);
  });

  it("refuses a banned word (1008) and keeps the grant", async () => {
    const openid = await openidOf("gina");
    await subscribe({ user: "gina", tmplIds: [SHIPPED.templateId] });
    const banned = await notify({
      open_id: openid,
      msg_id: SHIPPED.templateId,
      data: { ...shippedData, 快递公司: "含有违禁词的快递" },
    });
    expect(banned.json.err_no).toBe(1008);
    expect(
      (await notify({ open_id: openid, msg_id: SHIPPED.templateId, data: shippedData })).json
        .err_no,
    ).toBe(0);
    expect(await inbox("gina")).toHaveLength(1);
  });

  it.each([
    [{ data: { 订单编号: "1" } }],
    [{ data: { ...shippedData, 多余: "x" } }],
    [{ data: { ...shippedData, 订单编号: 1 } }],
    [{ data: "text" }],
    [{ msg_id: "MSG_unknown" }],
    [{ msg_id: SECOND_APP_TEMPLATES[0]?.templateId }],
    [{ open_id: "" }],
    [{ page: 5 }],
    [{ notify_type: "x" }],
    // notify_type is a list of 1 (real-time reminder) and 2 (in-app message), not a number.
    [{ notify_type: 1 }],
    [{ notify_type: [] }],
    [{ notify_type: [3] }],
    [{ notify_type: [1, 1] }],
    [{ notify_type: ["1"] }],
  ])("answers 1000 for a badly formed send %j", async (override) => {
    const openid = await openidOf("hal");
    await subscribe({ user: "hal", tmplIds: [SHIPPED.templateId] });
    const answer = await notify({
      open_id: openid,
      msg_id: SHIPPED.templateId,
      data: shippedData,
      ...override,
    });
    expect(answer.json).toMatchObject({ err_no: 1000, err_msg: expect.any(String), data: null });
    expect(await inbox("hal")).toEqual([]);
  });

  it("answers 28014043 for a user who never subscribed", async () => {
    const openid = await openidOf("ivan");
    const answer = await notify({ open_id: openid, msg_id: SHIPPED.templateId, data: shippedData });
    expect(answer.json.err_no).toBe(28014043);
  });
});

describe("notify v1 (legacy)", () => {
  it.each([
    "/api/apps/subscribe_notification/developer/v1/notify",
    "/mgplatform/api/apps/subscribe_notification/developer/v1/notify",
  ])("%s sends with an access_token in the legacy envelope", async (path) => {
    const openid = await openidOf("jane");
    await subscribe({ user: "jane", tmplIds: [SHIPPED.templateId] });
    const access = await accessToken(emulator.url, DEFAULT_APP);
    const body = {
      access_token: access,
      app_id: DEFAULT_APP.appid,
      tpl_id: SHIPPED.templateId,
      open_id: openid,
      data: shippedData,
    };
    expect((await post(emulator.url, path, body)).json).toEqual({ err_no: 0, err_tips: "" });
    await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    expect((await post(emulator.url, path, body)).json).toEqual({
      err_no: 28014043,
      err_tips: expect.any(String),
      data: null,
    });
    expect(await inbox("jane")).toHaveLength(1);
    const otherApp = await post(emulator.url, path, { ...body, app_id: SECOND_APP.appid });
    expect(otherApp.json.err_no).toBe(40002);
    const { app_id, ...withoutAppId } = body;
    expect((await post(emulator.url, path, withoutAppId)).json.err_no).toBe(1000);
    expect((await post(emulator.url, path, { ...body, access_token: "bad" })).json.err_no).toBe(
      40002,
    );
  });
});

describe("GET /device/inbox", () => {
  it("lists messages newest last, per app and persona", async () => {
    const openid = await openidOf("kim");
    await subscribe({ user: "kim", tmplIds: [PROGRESS.templateId] });
    for (const step of ["已接单", "已完成"]) {
      await notify({
        open_id: openid,
        msg_id: PROGRESS.templateId,
        data: { ...progressData, 当前进度: step },
      });
      await advance(emulator.url, MIN_SEND_INTERVAL_MS);
    }
    const messages = await inbox("kim");
    expect(messages.map((m: { data: Record<string, string> }) => m.data.当前进度)).toEqual([
      "已接单",
      "已完成",
    ]);
    expect(messages[0].page).toBe("");
    expect(await inbox("lee")).toEqual([]);
    const second = await get(emulator.url, `/device/inbox?user=kim&appid=${SECOND_APP.appid}`);
    expect(second.json.messages).toEqual([]);
  });
});

describe("reset", () => {
  it("forgets grants and inboxes", async () => {
    const openid = await openidOf("max");
    await subscribe({ user: "max", tmplIds: [PROGRESS.templateId] });
    await notify({ open_id: openid, msg_id: PROGRESS.templateId, data: progressData });
    expect(await inbox("max")).toHaveLength(1);
    await post(emulator.url, "/emulator/reset");
    token = await clientToken(emulator.url, DEFAULT_APP);
    expect(await inbox("max")).toEqual([]);
    const after = await notify({
      open_id: openid,
      msg_id: PROGRESS.templateId,
      data: progressData,
    });
    expect(after.json.err_no).toBe(28014043);
  });
});
