/** The API's paths, shared by the server's route registration and the client's API wrapper. */
export const ApiPaths = {
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  me: "/api/me",
} as const;
