import type { FastifyInstance } from "fastify";
import { validateCloudEnvironment } from "../../cloud/environments.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { InputError } from "../../validation.ts";

/** The Douyin Cloud environments the callContainer gateway routes to; PUT adds or replaces one. */
export function registerCloudControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/cloud/environments", async () => ({
    environments: state.cloudEnvironments.list(),
  }));

  app.put<{ Params: { envID: string } }>("/emulator/cloud/environments/:envID", async (request) => {
    const environment = validateCloudEnvironment({
      ...(request.body as object | null),
      envID: request.params.envID,
    });
    if (state.apps.find(environment.appid) === undefined) {
      throw new InputError(`unknown appid "${environment.appid}"`);
    }
    state.cloudEnvironments.set(environment);
    return environment;
  });
}
