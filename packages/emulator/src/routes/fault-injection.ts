import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { tipsFor } from "../platform-errors.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import type { FaultAction } from "../state/faults.ts";
import { isControlPath, pathOf } from "./paths.ts";

/**
 * Applies the fault registered for a path. A fault that answers (status, errNo) or drops waits
 * its delay first and skips the real handler. A delay alone lets the handler run and holds the
 * answer back: the platform did the work (a code is consumed) even if the client gave up, which
 * is the case that makes retrying a timed-out code exchange unsafe.
 * `shutdown` cuts delays short when the server closes, so close() never waits for them.
 */
export function registerFaultInjection(
  app: FastifyInstance,
  state: EmulatorState,
  shutdown: AbortSignal,
): void {
  const heldAnswers = new WeakMap<FastifyRequest, number>();

  app.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request.url);
    if (isControlPath(path)) return;
    const fault = state.faults.take(path);
    if (fault === undefined) return;

    const answersItself = fault.status !== undefined || fault.errNo !== undefined;
    if (!answersItself && fault.drop !== true) {
      if (fault.delayMs !== undefined) heldAnswers.set(request, fault.delayMs);
      return;
    }
    if (!(await wait(fault.delayMs, shutdown))) return dropConnection(request, reply);
    if (fault.drop === true) return dropConnection(request, reply);
    return answerFault(path, fault, state, reply);
  });

  app.addHook("onSend", async (request) => {
    await wait(heldAnswers.get(request), shutdown);
  });
}

/** false when the server is shutting down. */
async function wait(delayMs: number | undefined, shutdown: AbortSignal): Promise<boolean> {
  if (delayMs === undefined || delayMs <= 0) return true;
  return sleep(delayMs, true, { signal: shutdown }).catch(() => false);
}

function answerFault(
  path: string,
  fault: FaultAction,
  state: EmulatorState,
  reply: FastifyReply,
): FastifyReply {
  const envelope = (errNo: number) =>
    state.envelopes.failure(path, errNo, tipsFor(errNo), state.newLogId);
  if (fault.status === undefined) return reply.code(200).send(envelope(fault.errNo ?? -1));
  if (fault.errNo !== undefined) return reply.code(fault.status).send(envelope(fault.errNo));
  // Like a gateway's error page: not JSON.
  return reply
    .code(fault.status)
    .type("text/html; charset=utf-8")
    .send(`<html><body><h1>${fault.status}</h1><p>emulated fault</p></body></html>`);
}

function dropConnection(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack();
  request.raw.socket.destroy();
  return reply;
}
