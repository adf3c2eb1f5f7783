import type { AddressEntry, PhoneSummary, Profile } from "@tt/contract";

/** The "My data" page's data, as pages/me/me.ts defines it. */
export interface MeData {
  status: "loading" | "ready" | "error";
  error: { code: string; message: string } | null;
  notice: { kind: "success" | "warning" | "error"; code: string; message: string } | null;
  busy: "" | "profile" | "phone" | "location" | "address" | "subscribe" | "login";
  isGuest: boolean;
  profile: Profile | null;
  phone: PhoneSummary | null;
  phoneEnabled: boolean;
  location: { coordinates: string; city: string; recordedAt: string } | null;
  locationDenied: boolean;
  addressDenied: boolean;
  privacyPrompt: { api: string } | null;
  /** Emulator mode only. */
  persona?: string;
  addresses: AddressEntry[];
  grants: { templateId: string; label: string; detail: string }[];
  device: { name: string; system: string; host: string } | null;
}

export const ME_PAGE = "pages/me/me";

/** The page finished loading (ready or error). */
export const loaded = (data: MeData) => data.status !== "loading";
/** The page finished the action in flight and said something about it. */
export const settled = (data: MeData) => data.busy === "" && data.notice !== null;
