import type { AddressEntry, MeResponse } from "@tt/contract";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";

export interface AccountOverview extends MeResponse {
  addresses: AddressEntry[];
}

export interface AccountService {
  /** GET /api/me and the address book, together. */
  overview(): Promise<AccountOverview>;
}

export function createAccountService(api: ApiClient, auth: Auth): AccountService {
  return {
    async overview() {
      const [me, book] = await Promise.all([
        auth.authorized((token) => api.me(token)),
        auth.authorized((token) => api.addresses(token)),
      ]);
      return { ...me, addresses: book.addresses };
    },
  };
}
