import type { Auth } from "./services/auth.ts";

/** What getApp() returns: services shared by every page (each page is a bundle of its own). */
export interface AppGlobals {
  auth: Auth;
}
