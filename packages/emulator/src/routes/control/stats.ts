import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { WebhookDispatcher } from "../../webhooks/dispatcher.ts";

/**
 * Calls per path, platform and device requests still being answered, and pushes still being
 * delivered: what a test polls instead of sleeping until the platform is quiet.
 */
export function registerStatsControl(
  app: FastifyInstance,
  state: EmulatorState,
  webhooks: WebhookDispatcher,
): void {
  app.get("/emulator/stats", async () => ({
    calls: state.stats.snapshot(),
    cloudCalls: state.stats.cloudCallSnapshot(),
    inFlight: state.stats.inFlight,
    webhooksPending: webhooks.pending,
  }));
}
