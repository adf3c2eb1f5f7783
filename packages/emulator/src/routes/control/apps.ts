import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, InputError, rejectUnknownFields } from "../../validation.ts";

/**
 * The apps with their templates and public keys. `?includePrivateKeys=1` adds each private key
 * (a test tool: the matching key for the SDK under test).
 */
export function registerAppsControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/apps", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["includePrivateKeys"]);
    const flag = query.includePrivateKeys;
    if (flag !== undefined && !["0", "1", "true", "false"].includes(flag as string)) {
      throw new InputError("includePrivateKeys must be 1 or 0");
    }
    const includePrivateKeys = flag === "1" || flag === "true";
    return {
      apps: state.apps.list().map(({ appid, secret, templates, publicKey, privateKey }) => ({
        appid,
        secret,
        templates,
        publicKey,
        ...(includePrivateKeys && privateKey !== undefined ? { privateKey } : {}),
      })),
    };
  });
}
