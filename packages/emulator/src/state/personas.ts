import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  NICKNAMES,
  PHONE_MODELS,
  REGIONS,
  type Region,
} from "./persona-data.ts";
import type { SeededRandom } from "./random.ts";

export interface UserInfo {
  readonly nickName: string;
  readonly avatarUrl: string;
  /** 0 unknown, 1 male, 2 female. */
  readonly gender: 0 | 1 | 2;
  readonly city: string;
  readonly province: string;
  readonly country: string;
  readonly language: string;
}

export interface PhoneNumber {
  readonly phoneNumber: string;
  readonly purePhoneNumber: string;
  /** Unsure: a string here; WeChat's docs show both "86" and 86. */
  readonly countryCode: string;
}

export type CoordinateSystem = "wgs84" | "gcj02";

/**
 * What a persona's phone knows about its owner: stable per persona under a seed, the same in
 * every app (it is one person with one phone).
 */
export class PersonaFacts {
  readonly #random: SeededRandom;

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  userInfo(persona: string): UserInfo {
    const region = this.#region(persona);
    return {
      nickName: pick(NICKNAMES, this.#byte(persona, "nickname")),
      avatarUrl: `https://p3-passport.byteacctimg.com/img/user-avatar/${this.#bytes(persona, "avatar", 16).toString("hex")}~300x300.image`,
      gender: (this.#byte(persona, "gender") % 3) as 0 | 1 | 2,
      city: region.city,
      province: region.province,
      country: "中国",
      language: "zh_CN",
    };
  }

  /** A mainland mobile number in the 138 range. */
  phoneNumber(persona: string): PhoneNumber {
    const digits = String(this.#bytes(persona, "phone", 4).readUInt32BE(0) % 100_000_000);
    const number = `138${digits.padStart(8, "0")}`;
    return { phoneNumber: number, purePhoneNumber: number, countryCode: "86" };
  }

  /** tt.getLocation's success object, without errMsg. */
  location(persona: string, type: CoordinateSystem) {
    const region = this.#region(persona);
    const jitter = this.#bytes(persona, "location", 4);
    const offset = type === "gcj02" ? region.gcj02Offset : [0, 0];
    const latitude = region.wgs84[0] + ((jitter.readUInt16BE(0) / 65_535) * 0.04 - 0.02);
    const longitude = region.wgs84[1] + ((jitter.readUInt16BE(2) / 65_535) * 0.04 - 0.02);
    const accuracy = 30 + (this.#byte(persona, "accuracy") % 50);
    return {
      latitude: round(latitude + (offset[0] ?? 0), 6),
      longitude: round(longitude + (offset[1] ?? 0), 6),
      altitude: this.#byte(persona, "altitude") % 60,
      accuracy,
      verticalAccuracy: accuracy,
      horizontalAccuracy: accuracy,
      speed: 0,
      city: region.cityName,
    };
  }

  /** tt.chooseAddress's success object, without errMsg. */
  address(persona: string) {
    const region = this.#region(persona);
    const given = pick(GIVEN_NAMES, this.#byte(persona, "given_name"));
    const house = 1 + (this.#byte(persona, "house") % 200);
    const room = 101 + (this.#byte(persona, "room") % 30) * 100;
    return {
      userName: `${pick(FAMILY_NAMES, this.#byte(persona, "family_name"))}${given}`,
      provinceName: region.provinceName,
      cityName: region.cityName,
      countyName: pick(region.counties, this.#byte(persona, "county")),
      detailInfo: `${pick(region.streets, this.#byte(persona, "street"))}${house}号${room}室`,
      telNumber: this.phoneNumber(persona).phoneNumber,
    };
  }

  /** tt.getSystemInfo's success object (the fields of the seed article), without errMsg. */
  systemInfo(persona: string) {
    const phone = pick(PHONE_MODELS, this.#byte(persona, "phone_model"));
    const { screenWidth: width, screenHeight: height, statusBarHeight } = phone;
    const bottom = height - phone.bottomInset;
    const score = (label: string) => round(6 + (this.#byte(persona, label) / 255) * 4, 4);
    const cpu = score("cpu");
    const gpu = score("gpu");
    const memory = score("memory");
    return {
      brand: phone.brand,
      model: phone.model,
      system: phone.system,
      platform: phone.platform,
      language: "zh_CN",
      version: "30.5.0",
      appName: "Douyin",
      SDKVersion: "3.36.0",
      SDKUpdateVersion: "3.36.0.2",
      nativeSDKVersion: "10.3.0",
      fontSizeSetting: 16,
      battery: 20 + (this.#byte(persona, "battery") % 81),
      wifiSignal: this.#byte(persona, "wifi") % 5,
      pixelRatio: phone.pixelRatio,
      devicePixelRatio: phone.pixelRatio,
      screenWidth: width,
      screenHeight: height,
      windowWidth: width,
      windowHeight: height,
      statusBarHeight,
      safeArea: {
        left: 0,
        right: width,
        top: statusBarHeight,
        bottom,
        width,
        height: bottom - statusBarHeight,
      },
      deviceScore: { cpu, gpu, memory, overall: round((cpu + gpu + memory) / 3, 4) },
    };
  }

  #region(persona: string): Region {
    return pick(REGIONS, this.#byte(persona, "region"));
  }

  #byte(persona: string, label: string): number {
    return this.#bytes(persona, label, 1)[0] ?? 0;
  }

  #bytes(persona: string, label: string, length: number): Buffer {
    return this.#random.stable(`persona\u0000${label}\u0000${persona}`, length);
  }
}

function pick<T>(values: readonly T[], byte: number): T {
  return values[byte % values.length] as T;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
