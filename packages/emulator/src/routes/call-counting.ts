import type { FastifyInstance } from "fastify";
import { cloudCallAppid } from "../cloud/cloud-call.ts";
import { errorNumberOf } from "../state/call-log.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import { isControlPath, pathOf } from "./paths.ts";

/**
 * Counts every platform and device request (faulted and dropped ones too), never control calls,
 * and which of them are still being answered (the response's `close` comes once it is sent or its
 * connection is gone); logs each one, with its status and platform error number, in the call log.
 */
export function registerCallCounting(app: FastifyInstance, state: EmulatorState): void {
  const errorNumbers = new WeakMap<object, number>();
  app.addHook("onRequest", (request, reply, done) => {
    const path = pathOf(request.url);
    if (isControlPath(path)) return done();
    const started = performance.now();
    const ended = state.stats.begin(path, cloudCallAppid(request) !== undefined);
    reply.raw.once("close", () => {
      ended();
      state.calls.record({
        method: request.method,
        path,
        // Not finished: dropped by a fault, or the caller hung up first.
        status: reply.raw.writableFinished ? reply.raw.statusCode : 0,
        errNo: errorNumbers.get(request),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    done();
  });
  // The answer as the object it is before serialization: no JSON to parse back.
  app.addHook("preSerialization", (request, _reply, payload, done) => {
    if (isControlPath(pathOf(request.url))) return done(null, payload);
    const errNo = errorNumberOf(payload);
    if (errNo !== undefined) errorNumbers.set(request, errNo);
    done(null, payload);
  });
}
