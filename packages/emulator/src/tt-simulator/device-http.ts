import { TtFailure } from "./errors.ts";
import type { Persona } from "./login.ts";

export interface DeviceCall {
  method: "GET" | "POST";
  /** A device path of the emulator, e.g. "/device/location". */
  path: string;
  /** GET: extra query fields (appid and user come from the persona). */
  query?: Record<string, string>;
  /** POST: extra body fields (appid and user come from the persona). */
  body?: Record<string, unknown>;
}

/**
 * Calls one of the emulator's device endpoints for the persona, as the Douyin app would answer the
 * page. A device failure (HTTP 400 `{errNo, errMsg: "<api>:fail <reason>"}`) or a bad request
 * (`{error, message}`) becomes a TtFailure, so `fail` gets `<api>:fail <reason>` and the errNo.
 */
export async function callDevice(
  emulatorUrl: string,
  persona: Persona,
  call: DeviceCall,
): Promise<Record<string, unknown>> {
  const target = {
    appid: persona.appid,
    ...(persona.user === undefined ? {} : { user: persona.user }),
  };
  const url = new URL(call.path, emulatorUrl);
  const init: RequestInit = { method: call.method };
  if (call.method === "GET") {
    for (const [name, value] of Object.entries({ ...target, ...call.query })) {
      url.searchParams.set(name, value);
    }
  } else {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify({ ...target, ...call.body });
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new TtFailure(`network error: ${(error as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (isDeviceFailure(body)) {
    // The emulator's device envelope (also for injected faults): hand it over as the phone would.
    throw new TtFailure(body.errMsg.replace(/^\w+:fail\s*/, ""), body.errNo);
  }
  if (isBadRequest(body)) throw new TtFailure(body.message);
  if (!response.ok || !isRecord(body)) {
    throw new TtFailure(`emulator answered HTTP ${response.status}`);
  }
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDeviceFailure(value: unknown): value is { errNo: number; errMsg: string } {
  return isRecord(value) && typeof value.errNo === "number" && typeof value.errMsg === "string";
}

function isBadRequest(value: unknown): value is { error: string; message: string } {
  return isRecord(value) && value.error === "bad_request" && typeof value.message === "string";
}
