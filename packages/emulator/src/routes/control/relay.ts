import type { FastifyInstance } from "fastify";
import { bodyFields, InputError, optionalString, rejectUnknownFields } from "../../validation.ts";
import { isLoopbackUrl } from "../../webhooks/loopback.ts";

const RELAY_TIMEOUT_MS = 10_000;

/**
 * `POST /emulator/relay {url, body}`: posts `body` as JSON to a loopback URL and answers what it
 * answered, `{status, body}`. The dashboard hands a device's login code to the developer's API this
 * way (a page on the emulator's origin cannot post to the API's without CORS there). Loopback
 * only: the emulator never sends anything off this machine.
 */
export function registerRelayControl(app: FastifyInstance): void {
  app.post("/emulator/relay", async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["url", "body"]);
    const url = optionalString(fields, "url", 2048);
    if (url === undefined || !isLoopbackUrl(url)) {
      throw new InputError(
        "url must be an http(s) URL on this machine (127.x.x.x, localhost, [::1])",
      );
    }
    const body = bodyFields(fields.body);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
        redirect: "manual",
      });
    } catch (error) {
      return { status: 0, body: null, error: (error as Error).message };
    }
    const text = await response.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {}
    return { status: response.status, body: answer };
  });
}
