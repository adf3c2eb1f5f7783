import type { Session } from "@tt/contract";
import { expect } from "vitest";
import type { InjectedAnswer } from "./problems.ts";

/** What tt.login gives on a phone, from the emulator's device side. */
export interface DeviceCodes {
  code: string;
  anonymousCode: string;
  isLogin: boolean;
}

/** tt.login on the emulated phone: `user` is a persona, `loggedIn` false gives no `code`. */
export async function deviceLogin(
  emulatorUrl: string,
  body: { appid?: string; user?: string; loggedIn?: boolean } = {},
): Promise<DeviceCodes> {
  const response = await fetch(`${emulatorUrl}/device/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`/device/login: ${response.status} ${await response.text()}`);
  return (await response.json()) as DeviceCodes;
}

/** Anything that answers like Fastify's inject (the app under test). */
export interface Injectable {
  inject(options: { method: "POST"; url: string; payload: object }): Promise<InjectedAnswer>;
}

/**
 * What the mini-program does to sign in: tt.login on the emulated phone, then POST
 * /api/auth/login with the code (and the anonymous code with `anonymous`, or alone for a person
 * not logged in to Douyin). Expects 200 and answers the session.
 */
export async function loginAs(
  app: Injectable,
  emulatorUrl: string,
  persona: string,
  options: { loggedIn?: boolean; withAnonymousCode?: boolean } = {},
): Promise<Session> {
  const loggedIn = options.loggedIn ?? true;
  const codes = await deviceLogin(emulatorUrl, { user: persona, loggedIn });
  const payload: { code?: string; anonymousCode?: string } = {};
  if (loggedIn) payload.code = codes.code;
  if (!loggedIn || options.withAnonymousCode) payload.anonymousCode = codes.anonymousCode;
  const answer = await app.inject({ method: "POST", url: "/api/auth/login", payload });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json() as Session;
}
