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
import { formatDateTime } from "../../utils/format-date.ts";

type Action = "profile" | "phone" | "location" | "address" | "subscribe";

/** The result of the last tap, for people (message) and for tests and analytics (code). */
export interface Notice {
  kind: "success" | "warning" | "error";
  code: string;
  message: string;
}

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

interface MeData {
  status: "loading" | "ready" | "error";
  /** Why the page could not load. */
  error: ErrorView | null;
  notice: Notice | null;
  /** The action in flight; "" when none. */
  busy: Action | "";
  profile: Profile | null;
  phone: PhoneSummary | null;
  /** False once the API said it does not collect phone numbers: the button goes away. */
  phoneEnabled: boolean;
  location: LocationView | null;
  /** The user refused the location: offer the settings page. */
  locationDenied: boolean;
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
  onSubscribe(): Promise<void> | undefined;
}

const initialData: MeData = {
  status: "loading",
  error: null,
  notice: null,
  busy: "",
  profile: null,
  phone: null,
  phoneEnabled: true,
  location: null,
  locationDenied: false,
  addresses: [],
  grants: [],
  device: null,
};

const services = () => getApp<AppGlobals>();

Page<MeData, MeMethods>({
  data: initialData,

  onLoad() {
    void this.load();
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
        this.note("warning", "DENIED", "Address access is off. Allow it in the settings.");
      }
    });
  },

  onSubscribe() {
    if (this.data.busy) return;
    // First thing, before any await: tt.requestSubscribeMessage only works inside the tap.
    const work = services().subscriptions.subscribe();
    return this.perform("subscribe", work, (outcome: SubscribeOutcome) => {
      this.setData({ grants: outcome.grants.map(grantView) });
      if (outcome.accepted.length > 0) {
        this.note("success", "SUBSCRIBED", "You will be told when your order changes.");
      } else {
        this.note("warning", "NOT_SUBSCRIBED", "No order updates: you can subscribe any time.");
      }
    });
  },
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
