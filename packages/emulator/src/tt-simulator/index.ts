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
export {
  type ConsoleEntry,
  type LaunchOptions,
  type LoadOptions,
  loadMiniProgram,
  type MiniProgram,
} from "./load-mini-program.ts";
export type { LoginResult, Persona } from "./login.ts";
export type { EventInit, PageData, PageHandle, PageInstance } from "./page-handle.ts";
export type { RequestRecord } from "./request.ts";
export type { SandboxConsole } from "./sandbox.ts";
export { MemoryStorage } from "./storage.ts";
export { defaultSystemInfo, type SystemInfo } from "./system-info.ts";
export type { ModalAnswer, ModalResponder, UiEvent } from "./ui.ts";
