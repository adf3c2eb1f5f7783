import type { CloudService } from "../config.ts";
import type { PhoneNumberDetail } from "../services/phone.ts";
import type { SubscribeMessageResult, TtResult } from "../services/tt-promise.ts";

/** What tt.login gives: `code` only when the person is logged in to Douyin. */
export interface LoginCodes {
  code?: string;
  anonymousCode?: string;
  isLogin: boolean;
}

export type UserProfileResult = TtResult<typeof tt.getUserProfile>;

/** One Cloud.callContainer request (its `init`, with the path). */
export interface ContainerRequest {
  readonly path: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly header: Record<string, string>;
  /** JSON text. */
  readonly body?: string;
  readonly timeout: number;
}

/** Cloud.callContainer's success: the service's status, headers and body as text. */
export interface ContainerResponse {
  readonly statusCode: number;
  readonly header: object;
  readonly data: string;
}

/** Who holds the phone, in emulator mode: one of the emulator's personas, logged in or not. */
export interface EmulatorDevice {
  readonly personas: readonly string[];
  current(): { persona: string; loggedIn: boolean };
  /** Switches the person holding the phone (the app logs in again afterwards). */
  choose(persona: string, loggedIn: boolean): void;
}

/**
 * The platform's device side: the answers only Douyin can give (login codes, the profile, the
 * phone number, subscription decisions). Real mode asks the real `tt`; emulator mode asks the
 * local emulator's /device/* endpoints over tt.request, so that Douyin devtools runs the whole app
 * with no appid of one's own. Everything else (UI, storage, location, addresses…) is the real `tt`
 * in both modes.
 */
export interface DevicePlatform {
  readonly mode: "emulator" | "douyin";
  /**
   * tt.login. `force` (Douyin's default: true) shows Douyin's login panel to a person not logged
   * in; false gives them an anonymousCode only, silently.
   */
  login(force: boolean): Promise<LoginCodes>;
  /** tt.getUserProfile: call it first thing in a tap handler, before any `await`. */
  getUserProfile(): Promise<UserProfileResult>;
  /** tt.requestSubscribeMessage: also first thing in a tap handler. */
  requestSubscribeMessage(tmplIds: readonly string[]): Promise<SubscribeMessageResult>;
  /**
   * Emulator mode only: the getPhoneNumber button's detail, on an ordinary tap (Douyin's own
   * button cannot reach the emulator). Real mode uses `<button open-type="getPhoneNumber">`.
   */
  getPhoneNumber?(): Promise<PhoneNumberDetail>;
  /**
   * Cloud.callContainer: a request to a Douyin Cloud service through Douyin Cloud's gateway,
   * which tells the service who calls (X-TT-OPENID…). Fails as the gateway does, with errNo.
   */
  callContainer(service: CloudService, request: ContainerRequest): Promise<ContainerResponse>;
  /** Emulator mode only. */
  readonly emulator?: EmulatorDevice;
}
