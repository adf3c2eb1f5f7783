import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";

export function registerAppsControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/apps", async () => ({ apps: state.apps.list() }));
}
