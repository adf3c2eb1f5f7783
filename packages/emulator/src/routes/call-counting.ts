import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/emulator-state.ts";
import { isControlPath, pathOf } from "./paths.ts";

/** Counts every platform and device request (faulted and dropped ones too), never control calls. */
export function registerCallCounting(app: FastifyInstance, state: EmulatorState): void {
  app.addHook("onRequest", async (request) => {
    const path = pathOf(request.url);
    if (!isControlPath(path)) state.stats.record(path);
  });
}
