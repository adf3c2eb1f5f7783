import type {
  AddressEntry,
  DeviceSummary,
  SubscriptionGrant as GrantDto,
  Location as LocationDto,
  Message as MessageDto,
  PhoneSummary,
  Profile as ProfileDto,
  User as UserDto,
} from "@tt/contract";
import type {
  Address,
  Device,
  Grant,
  Location,
  OutboxMessage,
  Phone,
  Profile,
  User,
} from "../domain/models.ts";

// The domain's models as the contract shows them: times as ISO strings, absent as the contract
// says (null or no field).

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    appid: user.appid,
    openid: user.openid,
    isGuest: user.openid === null,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt.toISOString(),
  };
}

export function toGrantDto(grant: Grant): GrantDto {
  return {
    templateId: grant.templateId,
    kind: grant.kind,
    credits: grant.credits,
    active: grant.active,
  };
}

export function toProfileDto(profile: Profile): ProfileDto {
  return { ...profile, updatedAt: profile.updatedAt.toISOString() };
}

export function toPhoneSummary(phone: Phone): PhoneSummary {
  return {
    masked: phone.masked,
    countryCode: phone.countryCode,
    verifiedAt: phone.verifiedAt.toISOString(),
  };
}

export function toDeviceSummary(device: Device): DeviceSummary {
  return {
    brand: device.brand,
    model: device.model,
    system: device.system,
    platform: device.platform,
    appName: device.appName,
    version: device.version,
    SDKVersion: device.sdkVersion,
    recordedAt: device.recordedAt.toISOString(),
  };
}

export function toLocationDto(location: Location): LocationDto {
  return { ...location, recordedAt: location.recordedAt.toISOString() };
}

export function toAddressEntry(address: Address): AddressEntry {
  return {
    ...address,
    createdAt: address.createdAt.toISOString(),
    lastUsedAt: address.lastUsedAt.toISOString(),
  };
}

export function toMessageDto(message: OutboxMessage): MessageDto {
  return {
    id: message.id,
    userId: message.userId,
    openid: message.openid,
    templateId: message.templateId,
    data: message.data,
    page: message.page,
    idempotencyKey: message.idempotencyKey,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: message.nextAttemptAt.toISOString(),
    lastError: message.lastError,
    rejectReason: message.rejectReason,
    platformLogId: message.platformLogId,
    sentAt: message.sentAt?.toISOString() ?? null,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
  };
}
