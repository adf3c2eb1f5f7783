// Shared by the subscription, admin, outbox and webhook tests: the emulator's templates, the
// device side of tt.requestSubscribeMessage, and the admin calls that queue and read messages.
import { expectProblem, loginAs } from "@tt/test-support";
import { expect } from "vitest";
import type { App } from "../src/app.ts";
import { emulatorDefaultTemplates } from "../src/config.ts";
import { type Emulator, postJson } from "./helper.ts";

/** testEnv sets the emulator app's credentials explicitly, so its templates must be named too. */
export const messagingEnv = {
  SUBSCRIPTION_TEMPLATES: JSON.stringify(emulatorDefaultTemplates),
  OUTBOX_POLL_INTERVAL_MS: "50",
  // Retries in milliseconds, not seconds. The emulator still allows one message per second per
  // user, as Douyin does: the interval between two messages to a user stays a real second.
  OUTBOX_BACKOFF_BASE_MS: "50",
};

const [shipping, booking, progress] = emulatorDefaultTemplates.map((template) => template.id);

/** The emulator's default templates and keywords (packages/emulator/src/state/templates.ts). */
export const templates = {
  /** one-time: 订单发货通知 */
  shipping: {
    id: shipping as string,
    data: { 订单编号: "A-1001", 快递公司: "顺丰", 快递单号: "SF123" },
  },
  /** one-time: 预约成功通知 */
  booking: { id: booking as string, data: { 预约项目: "体检", 预约时间: "明天 9:00" } },
  /** long-term: 服务进度提醒 */
  progress: { id: progress as string, data: { 服务名称: "维修", 当前进度: "已派单" } },
};

export interface LoggedIn {
  accessToken: string;
  user: { id: string; openid: string | null };
}

export function login(app: App, emulator: Emulator, persona: string): Promise<LoggedIn> {
  return loginAs(app, emulator.url, persona);
}

/** tt.requestSubscribeMessage on the emulated phone: the real success object. */
export function deviceSubscribe(
  emulator: Emulator,
  body: {
    user: string;
    tmplIds: string[];
    decisions?: Record<string, "accept" | "reject" | "ban" | "fail">;
    shape?: "v2" | "legacy";
  },
): Promise<Record<string, unknown>> {
  return postJson(emulator, "/device/subscribe", body);
}

export function recordSubscriptions(app: App, accessToken: string, result: unknown) {
  return app.inject({
    method: "POST",
    url: "/api/me/subscriptions",
    headers: { authorization: `Bearer ${accessToken}` },
    payload: { result } as object,
  });
}

/** Subscribes on the device and reports the result to the API, as the mini-program does. */
export async function subscribe(
  app: App,
  emulator: Emulator,
  session: LoggedIn,
  persona: string,
  tmplIds: string[],
  shape: "v2" | "legacy" = "v2",
) {
  const result = await deviceSubscribe(emulator, { user: persona, tmplIds, shape });
  const response = await recordSubscriptions(app, session.accessToken, result);
  expect(response.statusCode).toBe(200);
  return response.json() as {
    grants: { templateId: string; kind: string; credits: number; active: boolean }[];
  };
}

export const adminHeaders = (app: App) => ({ "x-admin-key": app.config.adminApiKey ?? "" });

export function sendMessage(app: App, body: unknown) {
  return app.inject({
    method: "POST",
    url: "/api/admin/messages",
    headers: adminHeaders(app),
    payload: body as object,
  });
}

export interface MessageView {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  rejectReason: string | null;
  platformLogId: string | null;
  sentAt: string | null;
  nextAttemptAt: string;
}

export async function getMessage(app: App, id: string): Promise<MessageView> {
  const response = await app.inject({
    method: "GET",
    url: `/api/admin/messages/${id}`,
    headers: adminHeaders(app),
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const FINAL = new Set(["sent", "failed", "rejected"]);

/** Polls until the message is sent, failed or rejected. */
export async function settled(app: App, id: string, timeoutMs = 10_000): Promise<MessageView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await getMessage(app, id);
    if (FINAL.has(message.status)) return message;
    if (Date.now() > deadline) throw new Error(`message ${id} still ${message.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Queues a message and waits for its outcome. */
export async function sendAndSettle(app: App, body: Record<string, unknown>) {
  const response = await sendMessage(app, body);
  expect(response.statusCode).toBe(202);
  return settled(app, response.json().id);
}

export async function inbox(emulator: Emulator, user: string) {
  const query = new URLSearchParams({ user });
  const response = await fetch(`${emulator.url}/device/inbox?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: { templateId: string; data: object }[] }).messages;
}

export async function fault(emulator: Emulator, rule: Record<string, unknown>) {
  await postJson(emulator, "/emulator/faults", {
    path: "/api/notification/v2/subscription/notify_user/",
    ...rule,
  });
}

export { expectProblem };
