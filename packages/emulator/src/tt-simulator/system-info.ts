import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import type { Persona } from "./login.ts";

export interface SystemInfo {
  brand: string;
  model: string;
  system: string;
  platform: string;
  appName: string;
  version: string;
  SDKVersion: string;
  language: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
  safeArea: {
    left: number;
    right: number;
    top: number;
    bottom: number;
    width: number;
    height: number;
  };
  fontSizeSetting: number;
  [field: string]: unknown;
}

/** Douyin on an iPhone 12-sized screen, shaped like what the devtools answer. */
export const defaultSystemInfo: SystemInfo = {
  brand: "Apple",
  model: "iPhone 12",
  system: "iOS 16.6",
  platform: "ios",
  appName: "Douyin",
  version: "29.6.0",
  SDKVersion: "3.20.0",
  nativeSDKVersion: "10.3.0",
  language: "zh_CN",
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 844,
  statusBarHeight: 47,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  fontSizeSetting: 16,
  battery: 100,
  wifiSignal: 4,
  deviceScore: { cpu: 7.9, gpu: 9.06, memory: 7.03, overall: 7.95 },
};

/**
 * tt.getSystemInfo asks the emulator (GET /device/system-info: the persona's phone, stable under a
 * seed), then applies `overrides`. tt.getSystemInfoSync cannot wait for HTTP (the emulator may run
 * in this very process), so it answers what the last tt.getSystemInfo (or `$sim.loadSystemInfo()`)
 * fetched for the current persona, and until then the built-in defaults with the overrides.
 */
export function systemInfoApis(
  emulatorUrl: string,
  persona: Persona,
  overrides: Partial<SystemInfo>,
  report: ErrorReporter,
) {
  const fetched = new Map<string, SystemInfo>();
  const key = () => `${persona.appid}\u0000${persona.user ?? ""}`;
  // A fresh copy per call: a page that changes the answer must not change the next one.
  const read = (): SystemInfo =>
    structuredClone({ ...(fetched.get(key()) ?? defaultSystemInfo), ...overrides });
  const load = async (): Promise<SystemInfo> => {
    const body = await callDevice(emulatorUrl, persona, {
      method: "GET",
      path: "/device/system-info",
    });
    const { errMsg: _ignored, ...info } = body;
    fetched.set(key(), info as SystemInfo);
    return read();
  };
  return {
    load,
    apis: {
      getSystemInfoSync: read,
      getSystemInfo(options?: CallbackOptions<SystemInfo>) {
        settleAsync("getSystemInfo", options, load, report);
      },
    },
  };
}
