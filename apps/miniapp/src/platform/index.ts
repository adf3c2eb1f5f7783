import type { DevicePlatform } from "./device-platform.ts";
import { createDouyinPlatform } from "./douyin-platform.ts";
import { createEmulatorPlatform } from "./emulator-platform.ts";

export type { DevicePlatform, EmulatorDevice, LoginCodes } from "./device-platform.ts";

/**
 * The one place the client chooses between the emulator and Douyin. In a real-mode build
 * `__EMULATOR__` is `false`: the bundler drops the emulator branch and its module, and the build
 * checks that no emulator code or address is left.
 */
export function createPlatform(): DevicePlatform {
  return __EMULATOR__ ? createEmulatorPlatform(__EMULATOR__) : createDouyinPlatform();
}
