import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";

export function registerResetControl(app: FastifyInstance, state: EmulatorState): void {
  app.post("/emulator/reset", async () => {
    state.reset();
    return { ok: true };
  });
}
