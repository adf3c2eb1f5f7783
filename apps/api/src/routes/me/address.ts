import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AddressBook, AddressReport, ApiPaths } from "@tt/contract";
import { addressBookLimit } from "../../plugins/app/address-book.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";
import { toAddressEntry } from "../dto.ts";

const address: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    ApiPaths.meAddress,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "Add tt.chooseAddress's address to the user's address book",
        description: `An address equal to one in the book (after trimming and collapsing whitespace) is only marked as used. The book keeps the ${addressBookLimit} most recently used; telephones are shown masked. Answers the book, most recently used first.`,
        security: [{ bearerAuth: [] }],
        body: AddressReport,
        response: { 200: AddressBook, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const rows = await app.addressBook.remember(request.user.sub, request.body);
      return { addresses: rows.map(toAddressEntry) };
    },
  );

  app.get(
    ApiPaths.meAddresses,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "The user's address book, most recently used first",
        security: [{ bearerAuth: [] }],
        response: { 200: AddressBook, ...problemResponses(401) },
      },
    },
    async (request) => {
      const rows = await app.addressBook.list(request.user.sub);
      return { addresses: rows.map(toAddressEntry) };
    },
  );
};

export default address;
