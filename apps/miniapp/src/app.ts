import type { AppGlobals } from "./app-globals.ts";
import { config } from "./config.ts";
import { createPlatform } from "./platform/index.ts";
import { createAccountService } from "./services/account.ts";
import { createAddressService } from "./services/address.ts";
import { createApiClient } from "./services/api-client.ts";
import { cloudTransport, httpTransport } from "./services/api-transport.ts";
import { createAuth } from "./services/auth.ts";
import { createDeviceService } from "./services/device.ts";
import { createLocationService } from "./services/location.ts";
import { createPhoneService } from "./services/phone.ts";
import { createPrivacyGate } from "./services/privacy.ts";
import { createProfileService } from "./services/profile.ts";
import { createSubscriptionService } from "./services/subscriptions.ts";

const platform = createPlatform();
const api = createApiClient(
  config.cloud === undefined
    ? httpTransport(config.apiBaseUrl)
    : cloudTransport(platform, config.cloud),
);
const auth = createAuth(api, platform);
const device = createDeviceService(api, auth);

// Once per login (not per launch): which phone and host version the user signed in with.
auth.onLogin(() => {
  device.report().catch((error: unknown) => {
    console.warn("[app] device report failed", error);
  });
});

App<AppGlobals>({
  platform,
  privacy: createPrivacyGate(),
  auth,
  account: createAccountService(api, auth),
  profile: createProfileService(api, auth, platform),
  phone: createPhoneService(api, auth),
  device,
  location: createLocationService(api, auth),
  address: createAddressService(api, auth),
  subscriptions: createSubscriptionService(api, auth, platform, config.subscribeTemplateIds),
  onLaunch(options) {
    // biome-ignore lint/suspicious/noConsole: the devtools console is the mini-program's log
    console.info("[app] launch", options.path, options.scene);
  },
});
