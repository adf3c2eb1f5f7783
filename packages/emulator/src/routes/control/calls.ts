import type { FastifyInstance } from "fastify";
import type { LoggedCall } from "../../state/call-log.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, optionalString, rejectUnknownFields } from "../../validation.ts";

/** A comment line every 15 s keeps proxies and idle timeouts from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The call log: `GET /emulator/calls` (newest first, `?path=` keeps paths containing it) and
 * `GET /emulator/calls/stream`, server-sent events with one `call` event per call from then on.
 */
export function registerCallsControl(app: FastifyInstance, state: EmulatorState): void {
  /** Open streams, ended when the emulator closes (they would hold its close up for ever). */
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get("/emulator/calls", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["path"]);
    return { calls: state.calls.list(optionalString(query, "path") ?? "") };
  });

  app.get("/emulator/calls/stream", (request, reply) => {
    rejectUnknownFields(bodyFields(request.query), []);
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    stream.write(": call log\n\n");
    const send = (call: LoggedCall) =>
      stream.write(`event: call\ndata: ${JSON.stringify(call)}\n\n`);
    const unsubscribe = state.calls.subscribe(send);
    const keepAlive = setInterval(() => stream.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
      open.delete(end);
      stream.end();
    };
    open.add(end);
    request.raw.once("close", end);
  });
}
