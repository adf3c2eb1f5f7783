import {
  type AddressBook,
  type AddressReport,
  ApiPaths,
  type DeviceReport,
  type DeviceSummary,
  type Location,
  type LocationReport,
  type LoginRequest,
  type LogoutRequest,
  type MeGrant,
  type MeResponse,
  type PhoneSummary,
  type PhoneUpdateRequest,
  type Problem,
  type Profile,
  type ProfileUpdateRequest,
  type RecordSubscriptionsRequest,
  type RefreshRequest,
  type Session,
  type SubscriptionGrants,
  type User,
} from "@tt/contract";
import type { ApiMethod, ApiTransport } from "./api-transport.ts";

export type { MeResponse };

/** Codes the client itself assigns when the server's answer is not a usable problem document. */
export const ClientErrorCode = {
  /** A 2xx answer whose body is not what the contract promises. */
  InvalidResponse: "INVALID_RESPONSE",
  /** An error status without an application/problem+json body (a proxy, a crash page…). */
  HttpError: "HTTP_ERROR",
} as const;

/** A non-2xx answer from the API, read from its application/problem+json body. */
export class ApiProblemError extends Error {
  override readonly name = "ApiProblemError";
  readonly status: number;
  /** A ProblemCode from the server, or a ClientErrorCode. */
  readonly code: string;
  readonly detail: string | undefined;
  readonly problem: Problem | undefined;

  constructor(status: number, code: string, detail: string | undefined, problem?: Problem) {
    super(`${status} ${code}${detail ? `: ${detail}` : ""}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.problem = problem;
  }
}

/** Works across bundles: every page bundle carries its own copy of this class. */
export function isApiProblemError(error: unknown): error is ApiProblemError {
  return error instanceof Error && error.name === "ApiProblemError";
}

export interface ApiClient {
  login(body: LoginRequest): Promise<Session>;
  refresh(body: RefreshRequest): Promise<Session>;
  logout(body: LogoutRequest, accessToken: string): Promise<void>;
  /** The user and what they shared: profile, masked phone, newest device and location, grants. */
  me(accessToken: string): Promise<MeResponse>;
  updateProfile(accessToken: string, body: ProfileUpdateRequest): Promise<Profile>;
  updatePhone(accessToken: string, body: PhoneUpdateRequest): Promise<PhoneSummary>;
  reportDevice(accessToken: string, body: DeviceReport): Promise<DeviceSummary>;
  reportLocation(accessToken: string, body: LocationReport): Promise<Location>;
  /** Adds (or marks as used) an address; answers the address book. */
  saveAddress(accessToken: string, body: AddressReport): Promise<AddressBook>;
  addresses(accessToken: string): Promise<AddressBook>;
  /** Records tt.requestSubscribeMessage's answer; answers the user's grants. */
  recordSubscriptions(
    accessToken: string,
    body: RecordSubscriptionsRequest,
  ): Promise<SubscriptionGrants>;
}

interface SendOptions {
  body?: object;
  accessToken?: string;
}

type Method = ApiMethod;

/** The API's calls, over `transport` (tt.request, or Douyin Cloud's callContainer). */
export function createApiClient(transport: ApiTransport): ApiClient {
  async function send(method: Method, path: string, options: SendOptions) {
    const header: Record<string, string> = { accept: "application/json" };
    if (options.body) header["content-type"] = "application/json";
    if (options.accessToken) header.authorization = `Bearer ${options.accessToken}`;
    const response = await transport({
      method,
      path,
      header,
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const body = response.data;
    if (response.statusCode >= 200 && response.statusCode < 300) return body;
    throw toProblemError(response.statusCode, body);
  }

  async function sendForSession(path: string, body: object): Promise<Session> {
    const data = await send("POST", path, { body });
    if (!isSession(data)) throw invalidResponse(path);
    return data;
  }

  /** An authenticated call whose answer must pass `check`. */
  async function sendChecked<T>(
    method: Method,
    path: string,
    accessToken: string,
    check: (value: unknown) => value is T,
    body?: object,
  ): Promise<T> {
    const data = await send(method, path, body ? { body, accessToken } : { accessToken });
    if (!check(data)) throw invalidResponse(path);
    return data;
  }

  return {
    login: (body) => sendForSession(ApiPaths.login, body),
    refresh: (body) => sendForSession(ApiPaths.refresh, body),
    async logout(body, accessToken) {
      await send("POST", ApiPaths.logout, { body, accessToken });
    },
    async me(accessToken) {
      const data = await send("GET", ApiPaths.me, { accessToken });
      if (!isRecord(data) || !isUser(data.user)) throw invalidResponse(ApiPaths.me);
      // A server without the user-data routes answers only `user`: the rest reads as not shared.
      return {
        user: data.user,
        profile: isProfile(data.profile) ? data.profile : null,
        phone: isPhoneSummary(data.phone) ? data.phone : null,
        device: isDeviceSummary(data.device) ? data.device : null,
        location: isLocation(data.location) ? data.location : null,
        grants: isGrantList(data.grants) ? data.grants : [],
      };
    },
    updateProfile: (token, body) => sendChecked("PUT", ApiPaths.meProfile, token, isProfile, body),
    updatePhone: (token, body) => sendChecked("PUT", ApiPaths.mePhone, token, isPhoneSummary, body),
    reportDevice: (token, body) =>
      sendChecked("PUT", ApiPaths.meDevice, token, isDeviceSummary, body),
    reportLocation: (token, body) =>
      sendChecked("PUT", ApiPaths.meLocation, token, isLocation, body),
    saveAddress: (token, body) =>
      sendChecked("PUT", ApiPaths.meAddress, token, isAddressBook, body),
    addresses: (token) => sendChecked("GET", ApiPaths.meAddresses, token, isAddressBook),
    recordSubscriptions: (token, body) =>
      sendChecked("POST", ApiPaths.meSubscriptions, token, isGrants, body),
  };
}

function toProblemError(status: number, body: unknown): ApiProblemError {
  if (isProblem(body)) {
    return new ApiProblemError(status, body.code, body.detail ?? body.title, body);
  }
  return new ApiProblemError(status, ClientErrorCode.HttpError, `HTTP ${status}`);
}

function invalidResponse(path: string): ApiProblemError {
  return new ApiProblemError(
    200,
    ClientErrorCode.InvalidResponse,
    `Unexpected answer from ${path}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    typeof value.status === "number" &&
    typeof value.title === "string"
  );
}

// Shape checks only (no schema validator in the bundle): enough to fail loudly on a wrong server.
function isUser(value: unknown): value is User {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.isGuest === "boolean" &&
    (typeof value.openid === "string" || value.openid === null)
  );
}

function isSession(value: unknown): value is Session {
  return (
    isRecord(value) &&
    typeof value.accessToken === "string" &&
    typeof value.refreshToken === "string" &&
    typeof value.expiresIn === "number" &&
    isUser(value.user)
  );
}

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number";

function hasFields(value: unknown, fields: Record<string, (field: unknown) => boolean>) {
  return isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
}

function isProfile(value: unknown): value is Profile {
  return hasFields(value, { nickname: isString, avatarUrl: isString, city: isString });
}

function isPhoneSummary(value: unknown): value is PhoneSummary {
  return hasFields(value, { masked: isString, countryCode: isString });
}

function isDeviceSummary(value: unknown): value is DeviceSummary {
  return hasFields(value, { brand: isString, model: isString, system: isString });
}

function isLocation(value: unknown): value is Location {
  return hasFields(value, { latitude: isNumber, longitude: isNumber, recordedAt: isString });
}

function isGrant(value: unknown): value is MeGrant {
  return hasFields(value, {
    templateId: isString,
    kind: isString,
    credits: isNumber,
    active: (active) => typeof active === "boolean",
  });
}

function isGrantList(value: unknown): value is MeGrant[] {
  return Array.isArray(value) && value.every(isGrant);
}

function isGrants(value: unknown): value is SubscriptionGrants {
  return isRecord(value) && isGrantList(value.grants);
}

function isAddressBook(value: unknown): value is AddressBook {
  return (
    isRecord(value) &&
    Array.isArray(value.addresses) &&
    value.addresses.every((entry) =>
      hasFields(entry, { id: isString, userName: isString, telMasked: isString }),
    )
  );
}
