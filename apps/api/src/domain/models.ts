import type { MessageData, MessageStatus } from "@tt/contract";

// What the services answer: the API's own words for what it stores, never a database row. Secrets
// at rest (ciphertexts, keyed hashes, token hashes) stay inside the service that owns them.

/** A person of one app: a guest (known by an anonymous openid only) until a code login. */
export interface User {
  id: string;
  appid: string;
  /** null: a guest. */
  openid: string | null;
  unionid: string | null;
  createdAt: Date;
  lastLoginAt: Date;
}

/** The profile of tt.getUserProfile, after its signature and watermark. */
export interface Profile {
  nickname: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  city: string;
  province: string;
  country: string;
  language: string;
  updatedAt: Date;
}

/** A verified phone number, as it may be shown: masked. */
export interface Phone {
  masked: string;
  countryCode: string;
  verifiedAt: Date;
}

/** One tt.getSystemInfo report. */
export interface Device {
  brand: string;
  model: string;
  system: string;
  platform: string;
  appName: string;
  version: string;
  sdkVersion: string;
  recordedAt: Date;
}

/** One tt.getLocation report; optional readings the phone did not give are undefined. */
export interface Location {
  latitude: number;
  longitude: number;
  coordType: "wgs84" | "gcj02";
  accuracy?: number;
  altitude?: number;
  verticalAccuracy?: number;
  horizontalAccuracy?: number;
  speed?: number;
  city?: string;
  recordedAt: Date;
}

/** One distinct address of tt.chooseAddress; the telephone only masked. */
export interface Address {
  id: string;
  userName: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode?: string;
  telMasked: string;
  createdAt: Date;
  lastUsedAt: Date;
}

/** What a user allowed us to send with one template. */
export interface Grant {
  templateId: string;
  kind: "one-time" | "long-term";
  credits: number;
  active: boolean;
}

/** A subscription message in the outbox, and where it stands. */
export interface OutboxMessage {
  id: string;
  userId: string;
  openid: string;
  templateId: string;
  data: MessageData;
  page: string | null;
  idempotencyKey: string | null;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** While "sending": when another worker may take it over. */
  leaseUntil: Date | null;
  lastError: string | null;
  rejectReason: string | null;
  platformLogId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
