import type { AddressBook, AddressReport } from "@tt/contract";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { chooseAddress, isAuthDenied, isTtApiError, openSetting } from "./tt-promise.ts";

export type AddressOutcome =
  | { kind: "saved"; book: AddressBook }
  | { kind: "cancelled" }
  | { kind: "denied" };

export interface AddressService {
  /** tt.chooseAddress → PUT /api/me/address; answers the address book (an address seen before is not added twice). */
  chooseAddress(): Promise<AddressOutcome>;
  addressBook(): Promise<AddressBook>;
  /** tt.openSetting, for a user who refused addresses earlier: true if they are allowed now. */
  openAddressSettings(): Promise<boolean>;
}

const scope = "scope.address";

export function createAddressService(api: ApiClient, auth: Auth): AddressService {
  return {
    async chooseAddress() {
      let picked: Awaited<ReturnType<typeof chooseAddress>>;
      try {
        picked = await chooseAddress();
      } catch (error) {
        if (isAuthDenied(error)) return { kind: "denied" };
        if (isTtApiError(error) && /\bcancel\b/.test(error.errMsg)) return { kind: "cancelled" };
        throw error;
      }
      // The fields the API knows: a newer host's extra fields must not turn into a 400.
      const body: AddressReport = {
        userName: picked.userName,
        provinceName: picked.provinceName,
        cityName: picked.cityName,
        countyName: picked.countyName,
        detailInfo: picked.detailInfo,
        telNumber: picked.telNumber,
      };
      const book = await auth.authorized((token) => api.saveAddress(token, body));
      return { kind: "saved", book };
    },
    addressBook: () => auth.authorized((token) => api.addresses(token)),
    async openAddressSettings() {
      const { authSetting } = await openSetting();
      return authSetting[scope] === true;
    },
  };
}
