export { CALL_CONTAINER_BODY_LIMIT, DEVICE_CALL_CONTAINER_PATH } from "./cloud/call-container.ts";
export { CLOUD_CALL_PREFIX } from "./cloud/cloud-call.ts";
export { type CloudEnvironment, DEFAULT_CLOUD_ENVIRONMENT } from "./cloud/environments.ts";
export { type BuildEmulatorOptions, buildEmulator } from "./server.ts";
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
} from "./start.ts";
export { DEFAULT_APP_KEYS, type FixtureKeyPair, SECOND_APP_KEYS } from "./state/app-keys.ts";
export {
  DEFAULT_APP,
  DEFAULT_APPS,
  type EmulatorApp,
  type RegisteredApp,
  SECOND_APP,
} from "./state/apps.ts";
export { LOGIN_CODE_TTL_MS, PHONE_CODE_TTL_MS } from "./state/codes.ts";
export { CLIENT_TOKEN_RATE_LIMIT, DEFAULT_BANNED_WORDS } from "./state/emulator-state.ts";
export type { ActiveFault, FaultRule } from "./state/faults.ts";
export {
  DEFAULT_APP_TEMPLATES,
  SECOND_APP_TEMPLATES,
  type SubscriptionTemplate,
} from "./state/templates.ts";
export { TOKEN_OVERLAP_MS, TOKEN_TTL_MS, type TokenKind } from "./state/tokens.ts";
export { MIN_SEND_INTERVAL_MS } from "./subscriptions/notify.ts";
