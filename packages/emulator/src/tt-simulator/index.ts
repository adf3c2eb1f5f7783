export {
  formatRendered,
  type RenderedElement,
  TtmlCheckError,
  TtmlError,
  TtmlRenderError,
} from "@tt/ttml";
export type {
  PhoneNumberFlow,
  SubscribeAnswer,
  SubscribeDecision,
  UserAnswers,
} from "./answers.ts";
export { AUTH_DENY_ERRNO, type AuthSetting } from "./authorization.ts";
export type { ErrorReporter, FailResult } from "./callbacks.ts";
export type { ContainerCallRecord } from "./cloud.ts";
export {
  type CreateTtOptions,
  createTt,
  defaultAppid,
  type SimulatedTt,
  type SimulatorControl,
} from "./create-tt.ts";
export { parseDataPath, setAtPath } from "./data-path.ts";
export { type ErrorCodeFields, NotSimulatedError, TtFailure } from "./errors.ts";
export type { DevicePlatform } from "./foreign-platform.ts";
export { gestureEvents, UserGesture } from "./gesture.ts";
export {
  type ConsoleEntry,
  type LaunchOptions,
  type LoadOptions,
  loadMiniProgram,
  type MiniProgram,
} from "./load-mini-program.ts";
export {
  type AddressResult,
  CHOOSE_ADDRESS_CANCEL_CODE,
  type LocationResult,
} from "./location.ts";
export {
  HOST_LOGIN_FAIL,
  HOST_LOGIN_FAIL_CODE,
  type LoginResult,
  type Persona,
} from "./login.ts";
export type { EventInit, PageData, PageHandle, PageInstance } from "./page-handle.ts";
export type { ButtonView, RenderedView } from "./page-view.ts";
export {
  NOT_LOGIN,
  NOT_LOGIN_ERRNO,
  type PhoneNumberAccess,
  type PhoneNumberDetail,
  type PhoneNumberOptions,
} from "./phone-number.ts";
export {
  PRIVACY_COVERED_APIS,
  PRIVACY_NOT_AUTHORIZED,
  PRIVACY_NOT_AUTHORIZED_ERRNO,
  type PrivacyListener,
  type PrivacyResolution,
  type PrivacyState,
} from "./privacy.ts";
export {
  MAX_REQUEST_TIMEOUT_MS,
  type ProgramFiles,
  type RuntimeSettings,
} from "./program-settings.ts";
export { type RequestRecord, TIMEOUT, URL_NOT_ALLOWED } from "./request.ts";
export type { SandboxConsole } from "./sandbox.ts";
export { MemoryStorage } from "./storage.ts";
export type { SubscribeResult } from "./subscribe.ts";
export { defaultSystemInfo, type SystemInfo } from "./system-info.ts";
export type { ModalAnswer, ModalResponder, UiEvent } from "./ui.ts";
export { NOT_IN_TAP, type UserInfo, type UserProfileResult } from "./user-info.ts";
