import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, InputError, optionalInteger, rejectUnknownFields } from "../../validation.ts";

const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export function registerClockControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/clock", async () => ({
    now: state.clock.now(),
    offsetMs: state.clock.offsetMs,
  }));

  app.post("/emulator/clock", async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["advanceMs"]);
    const advanceMs = optionalInteger(fields, "advanceMs", 0, TEN_YEARS_MS);
    if (advanceMs === undefined) throw new InputError("advanceMs is required");
    return { now: state.clock.advance(advanceMs) };
  });

  /** Back to real time: what a test moved forward does not leak into the next test. */
  app.delete("/emulator/clock", async () => {
    state.clock.reset();
    return { now: state.clock.now(), offsetMs: state.clock.offsetMs };
  });
}
