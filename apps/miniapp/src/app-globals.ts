import type { DevicePlatform } from "./platform/index.ts";
import type { AccountService } from "./services/account.ts";
import type { AddressService } from "./services/address.ts";
import type { Auth } from "./services/auth.ts";
import type { DeviceService } from "./services/device.ts";
import type { LocationService } from "./services/location.ts";
import type { PhoneService } from "./services/phone.ts";
import type { PrivacyGate } from "./services/privacy.ts";
import type { ProfileService } from "./services/profile.ts";
import type { SubscriptionService } from "./services/subscriptions.ts";

/**
 * What getApp() returns: services shared by every page. They live in app.js only; each page is a
 * bundle of its own and reaches them through getApp(), so page bundles stay small.
 */
export interface AppGlobals {
  /** Douyin's device side: the real tt, or the local emulator (emulator mode). */
  platform: DevicePlatform;
  /** Douyin's privacy authorization: the prompt every page shows when an API waits for it. */
  privacy: PrivacyGate;
  auth: Auth;
  account: AccountService;
  profile: ProfileService;
  phone: PhoneService;
  device: DeviceService;
  location: LocationService;
  address: AddressService;
  subscriptions: SubscriptionService;
}
