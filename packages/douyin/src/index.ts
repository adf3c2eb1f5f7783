export {
  ANTIDIRT_PATH,
  type CensorTextInput,
} from "./calls/censor-text.ts";
export { CENSOR_TEXT_V2_PATH } from "./calls/censor-text-v2.ts";
export type { CensorPredict, CensorTextResult, CensorVerdict } from "./calls/censor-verdicts.ts";
export type { DouyinCalls } from "./calls/client-calls.ts";
export {
  NOTIFY_LEGACY_DEPRECATION_CODE,
  NOTIFY_LEGACY_PATH,
  type NotifyLegacyInput,
} from "./calls/notify-legacy.ts";
export {
  NOTIFY_TYPES,
  NOTIFY_USER_PATH,
  type NotifyResult,
  type NotifyType,
  type NotifyUserInput,
} from "./calls/notify-user.ts";
export { GET_PHONE_NUMBER_PATH, type GetPhoneNumberInput } from "./calls/phone-number.ts";
export { type CreateQrCodeInput, QRCODE_V1_PATH, type QrCodeImage } from "./calls/qrcode.ts";
export { type CreateQrCodeV2Input, QRCODE_V2_PATH } from "./calls/qrcode-v2.ts";
export {
  QUERY_USER_SUBSCRIPTION_PATH,
  type QueryUserSubscriptionInput,
  type UserSubscription,
} from "./calls/query-subscription.ts";
export { type GenerateUrlLinkInput, URL_LINK_PATH, type UrlLink } from "./calls/url-link.ts";
export type { Rgb } from "./calls/validate.ts";
export { createDouyinClient, type DouyinClient } from "./client.ts";
export {
  CLOUD_CALL_BASE_URLS,
  DEFAULT_EMULATOR_URL,
  DEFAULT_TIMEOUT_MS,
  type DouyinBaseUrls,
  type DouyinClientConfig,
  type DouyinEnvironment,
  PRODUCTION_BASE_URLS,
  SANDBOX_BASE_URL,
} from "./config.ts";
export {
  DouyinDecryptError,
  type DouyinDecryptFailure,
  DouyinWatermarkError,
  type DouyinWatermarkFailure,
  isDouyinDecryptError,
  isDouyinWatermarkError,
} from "./crypto/errors.ts";
export { decryptPhoneNumberCiphertext, type PhoneNumberInfo } from "./crypto/phone-number.ts";
export { decryptUserData, type EncryptedUserData } from "./crypto/user-data.ts";
export {
  type UserInfoSignatureInput,
  verifyUserInfoSignature,
} from "./crypto/user-info-signature.ts";
export { checkWatermark, type Watermark, type WatermarkCheck } from "./crypto/watermark.ts";
export { type Envelope, readEnvelope } from "./envelope.ts";
export {
  DOUYIN_ERROR_REASONS,
  DouyinConfigError,
  DouyinError,
  type DouyinErrorCategory,
  type DouyinErrorDetails,
  type DouyinErrorKind,
  type DouyinErrorReason,
  DouyinInputError,
  isDouyinConfigError,
  isDouyinError,
  isDouyinInputError,
} from "./errors.ts";
export type { ApiFamily } from "./http.ts";
export type { Code2SessionInput, Code2SessionResult } from "./login/code2session.ts";
export {
  DEFAULT_RETRY,
  isRetryableFailure,
  type RetryConfig,
  type RetryPolicy,
  withRetry,
} from "./retry.ts";
export {
  ACCESS_TOKEN_PATH,
  CLIENT_TOKEN_PATH,
} from "./tokens/fetch-token.ts";
export {
  createTokenManager,
  DEFAULT_REFRESH_AHEAD_MS,
  type FetchedToken,
  type TokenManager,
  type TokenManagerOptions,
  tokenStoreKey,
} from "./tokens/manager.ts";
export { createMemoryTokenStore, type MemoryTokenStoreOptions } from "./tokens/memory-store.ts";
export {
  createRedisTokenStore,
  type RedisCommands,
  type RedisTokenStoreOptions,
} from "./tokens/redis-store.ts";
export { sealedTokenStore, type TokenValueCodec } from "./tokens/sealed-store.ts";
export type {
  DouyinTokens,
  StoredToken,
  TokenAccess,
  TokenKind,
  TokenLock,
  TokenStore,
} from "./tokens/types.ts";
export {
  answerChallenge,
  type ChallengeAnswer,
  isChallenge,
  VERIFY_WEBHOOK_EVENT,
} from "./webhooks/challenge.ts";
export { parseWebhook, type WebhookEnvelope } from "./webhooks/envelope.ts";
export {
  DouyinWebhookError,
  type DouyinWebhookFailure,
  isDouyinWebhookError,
} from "./webhooks/errors.ts";
export {
  type ReadWebhook,
  type ReadWebhookInput,
  readWebhook,
  WEBHOOK_MSG_ID_HEADER,
  type WebhookHeaders,
} from "./webhooks/read-webhook.ts";
export {
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookSignatureInput,
} from "./webhooks/signature.ts";
export {
  readUserSubscribeAction,
  SUBSCRIBE_ACTIONS,
  type SubscribeActionCode,
  type SubscribeActionMeaning,
  USER_SUBSCRIBE_ACTION_EVENT,
  type UserSubscribeAction,
} from "./webhooks/subscribe-action.ts";
