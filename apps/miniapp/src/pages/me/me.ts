import type {
  AddressEntry,
  DeviceSummary,
  Location,
  MeGrant,
  PhoneSummary,
  Profile,
} from "@tt/contract";
import type { AppGlobals } from "../../app-globals.ts";
import { config } from "../../config.ts";
import type { AccountOverview } from "../../services/account.ts";
import type { AddressOutcome } from "../../services/address.ts";
import { describeError, type ErrorView } from "../../services/error-view.ts";
import type { LocationOutcome } from "../../services/location.ts";
import type { PhoneNumberDetail, PhoneOutcome } from "../../services/phone.ts";
import type { ProfileOutcome } from "../../services/profile.ts";
import type { SubscribeOutcome } from "../../services/subscriptions.ts";
import { isTtApiError } from "../../services/tt-promise.ts";
import { formatDateTime } from "../../utils/format-date.ts";
import { type PersonaData, personaData } from "../emulator-panel.ts";
import type { Notice } from "../notice.ts";
import {
  type PrivacyPromptData,
  type PrivacyPromptMethods,
  privacyPromptMethods,
} from "../privacy-prompt.ts";

export type { Notice };

type Action = "profile" | "phone" | "location" | "address" | "subscribe" | "login";

interface LocationView {
  coordinates: string;
  city: string;
  recordedAt: string;
}

interface GrantView {
  templateId: string;
  label: string;
  detail: string;
}

interface DeviceView {
  name: string;
  system: string;
  host: string;
}

interface MeData extends Partial<PersonaData>, PrivacyPromptData {
  status: "loading" | "ready" | "error";
  /** Why the page could not load. */
  error: ErrorView | null;
  notice: Notice | null;
  /** The action in flight; "" when none. */
  busy: Action | "";
  profile: Profile | null;
  phone: PhoneSummary | null;
  /** A guest (not logged in to Douyin): no phone number or profile until they log in. */
  isGuest: boolean;
  /**
   * False once the API said it does not collect phone numbers, or Douyin refused this app the
   * phone number capability: the button goes away.
   */
  phoneEnabled: boolean;
  location: LocationView | null;
  /** The user refused the location: offer the settings page. */
  locationDenied: boolean;
  /** The user refused addresses: offer the settings page. */
  addressDenied: boolean;
  addresses: AddressEntry[];
  grants: GrantView[];
  device: DeviceView | null;
}

interface MeMethods {
  load(): Promise<void>;
  show(overview: AccountOverview): void;
  perform<T>(action: Action, work: Promise<T>, done: (result: T) => void): Promise<void>;
  note(kind: Notice["kind"], code: string, message: string): void;
  onRetry(): Promise<void>;
  onUseProfile(): Promise<void> | undefined;
  onGetPhoneNumber(event: { detail: PhoneNumberDetail }): Promise<void> | undefined;
  onShareLocation(): Promise<void> | undefined;
  onOpenSettings(): Promise<void> | undefined;
  onChooseAddress(): Promise<void> | undefined;
  onOpenAddressSettings(): Promise<void> | undefined;
  onSubscribe(): Promise<void> | undefined;
  onLoginWithDouyin(): Promise<void> | undefined;
}

interface EmulatorMethods {
  /** Emulator mode's phone button: the emulator gives the detail Douyin's button would. */
  onTapPhoneNumber(): Promise<void> | undefined;
}

const initialData: MeData = {
  status: "loading",
  error: null,
  notice: null,
  busy: "",
  profile: null,
  phone: null,
  isGuest: false,
  phoneEnabled: true,
  location: null,
  locationDenied: false,
  addressDenied: false,
  addresses: [],
  grants: [],
  device: null,
  privacyPrompt: null,
};

const services = () => getApp<AppGlobals>();

type MePageThis = { data: MeData; setData(patch: Partial<MeData>): void } & MeMethods;

/** Emulator mode only (a real-mode build drops this object and the button that calls it). */
const emulatorMethods: EmulatorMethods & ThisType<MePageThis> = {
  onTapPhoneNumber() {
    if (this.data.busy) return;
    const ask = services().platform.getPhoneNumber;
    if (!ask) return;
    this.setData({ busy: "phone", notice: null });
    return ask().then(
      (detail) => {
        this.setData({ busy: "" });
        return this.onGetPhoneNumber({ detail });
      },
      (error: unknown) => {
        this.setData({ busy: "" });
        const view = describeError(error);
        this.note("error", view.code, view.message);
      },
    );
  },
};

Page<MeData, MeMethods & PrivacyPromptMethods & Partial<EmulatorMethods>>({
  data: __EMULATOR__ ? { ...initialData, ...personaData() } : initialData,

  ...privacyPromptMethods,

  onLoad() {
    this.watchPrivacy();
    if (__EMULATOR__) this.setData(personaData());
    void this.load();
  },

  onUnload() {
    this.unwatchPrivacy();
  },

  /** Never rejects: a failure becomes the error state. */
  async load() {
    this.setData({ status: "loading", error: null });
    try {
      this.show(await services().account.overview());
      this.setData({ status: "ready" });
    } catch (error) {
      console.warn("[me] loading failed", error);
      this.setData({ status: "error", error: describeError(error) });
    }
  },

  show(overview) {
    this.setData({
      isGuest: overview.user.isGuest,
      profile: overview.profile,
      phone: overview.phone,
      location: overview.location ? locationView(overview.location) : null,
      addresses: overview.addresses,
      grants: overview.grants.map(grantView),
      device: overview.device ? deviceView(overview.device) : null,
    });
  },

  /** Marks `action` busy until `work` settles; a failure becomes an error notice. */
  async perform(action, work, done) {
    this.setData({ busy: action, notice: null });
    try {
      done(await work);
    } catch (error) {
      console.warn(`[me] ${action} failed`, error);
      const view = describeError(error);
      this.note("error", view.code, view.message);
    } finally {
      this.setData({ busy: "" });
    }
  },

  note(kind, code, message) {
    this.setData({ notice: { kind, code, message } });
  },

  onRetry() {
    return this.load();
  },

  onUseProfile() {
    if (this.data.busy) return;
    // First thing, before any await: tt.getUserProfile only works inside the tap.
    const work = services().profile.useDouyinProfile();
    return this.perform("profile", work, (outcome: ProfileOutcome) => {
      if (outcome.kind === "saved") {
        this.setData({ profile: outcome.profile });
        this.note("success", "PROFILE_SAVED", "Your Douyin profile is saved.");
      } else if (outcome.kind === "denied") {
        this.note("warning", "DENIED", "You kept your profile to yourself.");
      } else {
        this.note(
          "warning",
          "TAP_AGAIN",
          "Your Douyin session was renewed. Tap “Use my Douyin profile” again.",
        );
      }
    });
  },

  onGetPhoneNumber(event) {
    if (this.data.busy) return;
    const work = services().phone.savePhoneNumber(event.detail);
    return this.perform("phone", work, (outcome: PhoneOutcome) => {
      switch (outcome.kind) {
        case "saved":
          this.setData({ phone: outcome.phone });
          this.note("success", "PHONE_SAVED", `Phone number ${outcome.phone.masked} verified.`);
          break;
        case "denied":
          this.note("warning", "DENIED", "You kept your phone number to yourself.");
          break;
        case "disabled":
          this.setData({ phoneEnabled: false });
          this.note("warning", "PHONE_NUMBER_DISABLED", "This app does not collect phone numbers.");
          break;
        case "tapAgain":
          this.note(
            "warning",
            "TAP_AGAIN",
            outcome.reason === "code"
              ? "The confirmation expired. Tap “Verify my phone number” again."
              : "Your Douyin session was renewed. Tap “Verify my phone number” again.",
          );
          break;
        case "needsDouyinLogin":
          this.setData({ isGuest: true });
          this.note(
            "warning",
            "DOUYIN_LOGIN_NEEDED",
            "Log in with Douyin first: a phone number belongs to a Douyin account.",
          );
          break;
        case "notPermitted":
          this.setData({ phoneEnabled: false });
          this.note(
            "error",
            "PHONE_NOT_PERMITTED",
            "Douyin does not give this app phone numbers (its phone number capability is not enabled). " +
              "Developers: it is for enterprise mini-programs that applied for it in the Douyin console.",
          );
          break;
        case "failed":
          this.note("error", "PHONE_FAILED", outcome.errMsg);
          break;
      }
    });
  },

  onShareLocation() {
    if (this.data.busy) return;
    return this.perform("location", services().location.shareLocation(), (outcome) =>
      showLocation(this, outcome),
    );
  },

  onOpenSettings() {
    if (this.data.busy) return;
    const { location } = services();
    const work = location
      .openLocationSettings()
      .then((allowed): Promise<LocationOutcome> | LocationOutcome =>
        allowed ? location.shareLocation() : { kind: "denied" },
      );
    return this.perform("location", work, (outcome) => showLocation(this, outcome));
  },

  onChooseAddress() {
    if (this.data.busy) return;
    const work = services().address.chooseAddress();
    return this.perform("address", work, (outcome: AddressOutcome) => {
      if (outcome.kind === "saved") {
        this.setData({ addresses: outcome.book.addresses });
        this.note("success", "ADDRESS_SAVED", "Address saved.");
      } else if (outcome.kind === "denied") {
        this.setData({ addressDenied: true });
        this.note(
          "warning",
          "ADDRESS_DENIED",
          "Address access is off. Open the settings to allow it.",
        );
      }
    });
  },

  onOpenAddressSettings() {
    if (this.data.busy) return;
    const { address } = services();
    const work = address
      .openAddressSettings()
      .then((allowed): Promise<AddressOutcome> | AddressOutcome =>
        allowed ? address.chooseAddress() : { kind: "denied" },
      );
    return this.perform("address", work, (outcome: AddressOutcome) => {
      if (outcome.kind === "saved") {
        this.setData({ addresses: outcome.book.addresses, addressDenied: false });
        this.note("success", "ADDRESS_SAVED", "Address saved.");
      } else if (outcome.kind === "denied") {
        this.note("warning", "ADDRESS_DENIED", "Address access is still off.");
      } else {
        this.setData({ addressDenied: false });
      }
    });
  },

  /** A guest asks to become a Douyin user (Douyin's login panel), then the page reloads. */
  onLoginWithDouyin() {
    if (this.data.busy) return;
    const work = services()
      .auth.loginWithDouyin()
      .then(
        () => true,
        (error: unknown) => {
          if (isTtApiError(error)) return false; // the login panel was closed
          throw error;
        },
      );
    return this.perform("login", work, (loggedIn: boolean) => {
      if (!loggedIn) {
        this.note("warning", "STILL_GUEST", "You are still a guest.");
        return;
      }
      this.note("success", "DOUYIN_LOGIN", "You are now signed in with Douyin.");
      void this.load();
    });
  },

  onSubscribe() {
    if (this.data.busy) return;
    // First thing, before any await: tt.requestSubscribeMessage only works inside the tap.
    const work = services().subscriptions.subscribe();
    return this.perform("subscribe", work, (outcome: SubscribeOutcome) => {
      if (outcome.kind === "cancelled") {
        this.note("warning", "NOT_SUBSCRIBED", "No order updates: you can subscribe any time.");
        return;
      }
      this.setData({ grants: outcome.grants.map(grantView) });
      if (outcome.accepted.length > 0) {
        this.note("success", "SUBSCRIBED", "You will be told when your order changes.");
      } else {
        this.note("warning", "NOT_SUBSCRIBED", "No order updates: you can subscribe any time.");
      }
    });
  },

  ...(__EMULATOR__ ? emulatorMethods : {}),
});

type MePage = { setData(patch: Partial<MeData>): void; note: MeMethods["note"] };

function showLocation(page: MePage, outcome: LocationOutcome) {
  if (outcome.kind === "saved") {
    page.setData({ location: locationView(outcome.location), locationDenied: false });
    page.note("success", "LOCATION_SAVED", "Location shared.");
  } else {
    page.setData({ locationDenied: true });
    page.note(
      "warning",
      "LOCATION_DENIED",
      "Location access is off. Open the settings to allow it.",
    );
  }
}

function locationView(location: Location): LocationView {
  return {
    coordinates: `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)} (${location.coordType})`,
    city: location.city ?? "",
    recordedAt: formatDateTime(location.recordedAt),
  };
}

function grantView(grant: MeGrant): GrantView {
  const label = config.subscribeTemplateIds.includes(grant.templateId)
    ? "Order updates"
    : `Template …${grant.templateId.slice(-6)}`;
  let detail: string;
  if (grant.kind === "long-term") detail = grant.active ? "Long-term: on" : "Long-term: off";
  else detail = `One-time: ${grant.credits} message${grant.credits === 1 ? "" : "s"} left`;
  return { templateId: grant.templateId, label, detail };
}

function deviceView(device: DeviceSummary): DeviceView {
  return {
    name: `${device.brand} ${device.model}`,
    system: device.system,
    host: `${device.appName} ${device.version} (base library ${device.SDKVersion})`,
  };
}
