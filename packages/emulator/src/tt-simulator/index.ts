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
export {
  type CreateTtOptions,
  createTt,
  defaultAppid,
  type SimulatedTt,
  type SimulatorControl,
} from "./create-tt.ts";
export { parseDataPath, setAtPath } from "./data-path.ts";
export { NotSimulatedError, TtFailure } from "./errors.ts";
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
export type { LoginResult, Persona } from "./login.ts";
export type { EventInit, PageData, PageHandle, PageInstance } from "./page-handle.ts";
export type { PhoneNumberDetail, PhoneNumberOptions } from "./phone-number.ts";
export type { RequestRecord } from "./request.ts";
export type { SandboxConsole } from "./sandbox.ts";
export { MemoryStorage } from "./storage.ts";
export type { SubscribeResult } from "./subscribe.ts";
export { defaultSystemInfo, type SystemInfo } from "./system-info.ts";
export type { ModalAnswer, ModalResponder, UiEvent } from "./ui.ts";
export { NOT_IN_TAP, type UserInfo, type UserProfileResult } from "./user-info.ts";
