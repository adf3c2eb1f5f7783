export { createDouyinClient, type DouyinClient } from "./client.ts";
export {
  DEFAULT_EMULATOR_URL,
  DEFAULT_TIMEOUT_MS,
  type DouyinBaseUrls,
  type DouyinClientConfig,
  type DouyinEnvironment,
  PRODUCTION_BASE_URLS,
  SANDBOX_BASE_URL,
} from "./config.ts";
export { type Envelope, readEnvelope } from "./envelope.ts";
export {
  DouyinConfigError,
  DouyinError,
  type DouyinErrorCategory,
  type DouyinErrorDetails,
  type DouyinErrorKind,
  DouyinInputError,
  isDouyinConfigError,
  isDouyinError,
  isDouyinInputError,
} from "./errors.ts";
export type { ApiFamily } from "./http.ts";
export type { Code2SessionInput, Code2SessionResult } from "./login/code2session.ts";
