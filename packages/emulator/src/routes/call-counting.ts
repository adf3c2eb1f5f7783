import type { FastifyInstance } from "fastify";
import { cloudCallAppid } from "../cloud/cloud-call.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import { isControlPath, pathOf } from "./paths.ts";

/**
 * Counts every platform and device request (faulted and dropped ones too), never control calls,
 * and which of them are still being answered (the response's `close` comes once it is sent or its
 * connection is gone).
 */
export function registerCallCounting(app: FastifyInstance, state: EmulatorState): void {
  app.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request.url);
    if (isControlPath(path)) return;
    reply.raw.once("close", state.stats.begin(path, cloudCallAppid(request) !== undefined));
  });
}
