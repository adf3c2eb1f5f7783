/** The API's paths, shared by the server's route registration and the client's API wrapper. */
export const ApiPaths = {
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  me: "/api/me",
  meProfile: "/api/me/profile",
  mePhone: "/api/me/phone",
  meDevice: "/api/me/device",
  meLocation: "/api/me/location",
  meAddress: "/api/me/address",
  meAddresses: "/api/me/addresses",
  meSubscriptions: "/api/me/subscriptions",
  adminMessages: "/api/admin/messages",
  adminMessage: "/api/admin/messages/:id",
  adminUsers: "/api/admin/users",
  douyinWebhook: "/api/douyin/webhook",
} as const;
