import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, InputError, rejectUnknownFields } from "../../validation.ts";
import { readDeviceTarget } from "./device-failure.ts";

export const DEVICE_LOCATION_PATH = "/device/location";
export const DEVICE_ADDRESS_PATH = "/device/address";
export const DEVICE_SYSTEM_INFO_PATH = "/device/system-info";

/** tt.getLocation, tt.chooseAddress and tt.getSystemInfo: stable per persona under a seed. */
export function registerDeviceInfo(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_LOCATION_PATH, { family: "device", api: "getLocation" });
  state.envelopes.register(DEVICE_ADDRESS_PATH, { family: "device", api: "chooseAddress" });
  state.envelopes.register(DEVICE_SYSTEM_INFO_PATH, { family: "device", api: "getSystemInfo" });

  app.get(DEVICE_LOCATION_PATH, async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user", "type"]);
    const type = query.type ?? "wgs84";
    if (type !== "wgs84" && type !== "gcj02")
      throw new InputError('type must be "wgs84" or "gcj02"');
    const { persona } = readDeviceTarget(state, query);
    return { ...state.personas.location(persona, type), errMsg: "getLocation:ok" };
  });

  app.get(DEVICE_ADDRESS_PATH, async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user"]);
    const { persona } = readDeviceTarget(state, query);
    return { ...state.personas.address(persona), errMsg: "chooseAddress:ok" };
  });

  app.get(DEVICE_SYSTEM_INFO_PATH, async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "user"]);
    const { persona } = readDeviceTarget(state, query);
    return { ...state.personas.systemInfo(persona), errMsg: "getSystemInfo:ok" };
  });
}
