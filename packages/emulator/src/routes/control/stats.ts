import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";

export function registerStatsControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/stats", async () => ({ calls: state.stats.snapshot() }));
}
