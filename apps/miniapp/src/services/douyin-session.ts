import { ProblemCode } from "@tt/contract";
import { isApiProblemError } from "./api-client.ts";
import type { Auth } from "./auth.ts";

/**
 * Data encrypted on the phone (getUserProfile, the getPhoneNumber button) is readable only with
 * the session key of the newest tt.login. If the server holds an older one (something ran
 * tt.login again since we logged in), it answers 401 SESSION_EXPIRED: log in again, which hands
 * the server the current key, and resolve true so the page asks the user to tap again. The data
 * cannot simply be fetched again here: those APIs work only inside a tap, and the login rotated
 * the key they used.
 */
export async function renewIfSessionExpired(auth: Auth, error: unknown): Promise<boolean> {
  if (!isApiProblemError(error) || error.code !== ProblemCode.SessionExpired) return false;
  await auth.login();
  return true;
}
