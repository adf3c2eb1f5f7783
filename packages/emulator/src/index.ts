export { type BuildEmulatorOptions, buildEmulator } from "./server.ts";
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
} from "./start.ts";
export { DEFAULT_APP, DEFAULT_APPS, type EmulatorApp, SECOND_APP } from "./state/apps.ts";
export { LOGIN_CODE_TTL_MS } from "./state/codes.ts";
export type { ActiveFault, FaultRule } from "./state/faults.ts";
