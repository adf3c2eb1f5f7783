import type { CloudService } from "../config.ts";
import type { PhoneNumberDetail } from "../services/phone.ts";
import {
  isTtApiError,
  request,
  type SubscribeMessageResult,
  showModal,
  TtApiError,
} from "../services/tt-promise.ts";
import type {
  ContainerRequest,
  ContainerResponse,
  DevicePlatform,
  EmulatorDevice,
  LoginCodes,
  UserProfileResult,
} from "./device-platform.ts";

export interface EmulatorTarget {
  /** The emulator's base URL, as the build was given it. */
  readonly url: string;
  /** Which of the emulator's apps this build acts as. */
  readonly appid: string;
}

/** The personas the index page offers; the emulator knows any name, these are examples. */
export const EMULATOR_PERSONAS: readonly string[] = ["alice", "bob", "carol", "dave"];

const DEVICE_STORAGE_KEY = "emulator.device";

interface StoredDevice {
  persona: string;
  loggedIn: boolean;
}

function readDevice(): StoredDevice {
  let value: unknown;
  try {
    value = tt.getStorageSync(DEVICE_STORAGE_KEY);
  } catch {
    value = undefined;
  }
  const device = value as Partial<StoredDevice> | undefined;
  return {
    persona: typeof device?.persona === "string" ? device.persona : "alice",
    loggedIn: typeof device?.loggedIn === "boolean" ? device.loggedIn : true,
  };
}

/**
 * Emulator mode: the device side of the platform answered by the local emulator (POST
 * /device/login, /device/user-profile, /device/phone-number, /device/subscribe) over tt.request,
 * after a plain tt.showModal standing in for Douyin's own panel. The emulator's codes, session
 * keys and ciphertexts are what the API exchanges with the emulator's platform side.
 */
export function createEmulatorPlatform(target: EmulatorTarget): DevicePlatform {
  const emulator: EmulatorDevice = {
    personas: EMULATOR_PERSONAS,
    current: readDevice,
    choose(persona, loggedIn) {
      tt.setStorageSync(DEVICE_STORAGE_KEY, { persona, loggedIn });
    },
  };

  /** A device call: the emulator answers 400 {errNo, errMsg} where the phone's `fail` runs. */
  async function device<T>(api: string, path: string, body: object): Promise<T> {
    const { persona } = readDevice();
    const response = await request({
      url: `${target.url}${path}`,
      method: "POST",
      header: { "content-type": "application/json" },
      data: { appid: target.appid, user: persona, ...body },
      dataType: "json",
    });
    const data = response.data as Record<string, unknown>;
    if (response.statusCode === 200) return data as T;
    const errMsg = typeof data?.errMsg === "string" ? data.errMsg : `${api}:fail`;
    const errNo = typeof data?.errNo === "number" ? data.errNo : undefined;
    throw new TtApiError(api, { errMsg, ...(errNo === undefined ? {} : { errNo }) });
  }

  async function confirm(title: string, content: string): Promise<boolean> {
    const answer = await showModal({ title, content, confirmText: "Allow", cancelText: "Deny" });
    return Boolean(answer.confirm);
  }

  /**
   * Douyin's login panel, for a person not logged in to Douyin (tt.login with force). Closing it
   * fails as Douyin documents for tt.login: errorCode 113001, "login:fail host login fail".
   */
  async function logInToDouyin(api: string): Promise<void> {
    const { persona } = readDevice();
    if (!(await confirm("Douyin login (emulator)", `Log in to Douyin as ${persona}?`))) {
      throw new TtApiError(api, { errMsg: `${api}:fail host login fail`, errNo: 113001 });
    }
    emulator.choose(persona, true);
  }

  return {
    mode: "emulator",
    emulator,
    async login(force) {
      if (force && !readDevice().loggedIn) await logInToDouyin("login");
      const answer = await device<{ code: string; anonymousCode: string; isLogin: boolean }>(
        "login",
        "/device/login",
        { loggedIn: readDevice().loggedIn },
      );
      const codes: LoginCodes = { isLogin: answer.isLogin };
      if (answer.code) codes.code = answer.code;
      if (answer.anonymousCode) codes.anonymousCode = answer.anonymousCode;
      return codes;
    },
    async getUserProfile() {
      if (!readDevice().loggedIn) await logInToDouyin("getUserProfile");
      if (!(await confirm("Douyin profile (emulator)", "Share your nickname and avatar?"))) {
        throw new TtApiError("getUserProfile", { errMsg: "getUserProfile:fail auth deny" });
      }
      return device<UserProfileResult>("getUserProfile", "/device/user-profile", {});
    },
    async requestSubscribeMessage(tmplIds) {
      const allowed = await confirm("Order updates (emulator)", "Allow these notifications?");
      const decision = allowed ? "accept" : "reject";
      const decisions: Record<string, string> = {};
      for (const id of tmplIds) decisions[id] = decision;
      return device<SubscribeMessageResult>("requestSubscribeMessage", "/device/subscribe", {
        tmplIds: [...tmplIds],
        decisions,
      });
    },
    /** Douyin Cloud's gateway as the emulator plays it (/device/cloud/call-container). */
    callContainer(service: CloudService, request: ContainerRequest): Promise<ContainerResponse> {
      const { path, body, ...init } = request;
      return device<ContainerResponse>("callContainer", "/device/cloud/call-container", {
        ...service,
        path,
        init: { ...init, ...(body === undefined ? {} : { body }) },
      });
    },
    async getPhoneNumber(): Promise<PhoneNumberDetail> {
      if (!readDevice().loggedIn) return { errMsg: "getPhoneNumber:fail not login" };
      if (!(await confirm("Phone number (emulator)", "Share your phone number?"))) {
        return { errMsg: "getPhoneNumber:fail auth deny" };
      }
      try {
        // The base library ≥ 3.51.0 flow: a single-use code the API exchanges with the platform.
        return await device<PhoneNumberDetail>("getPhoneNumber", "/device/phone-number", {
          flow: "code",
        });
      } catch (error) {
        if (isTtApiError(error)) return { errMsg: error.errMsg };
        throw error;
      }
    },
  };
}
