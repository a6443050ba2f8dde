import { FlowDocument } from "../../flow-schema/document";
import { migrate } from "../../flow-schema/migrate";
import { contentHash } from "./content-hash";
import { toJsonText } from "./json-text";

/** A flow document as the store keeps it: JSON text and the hash of its canonical form. */
export interface EncodedFlowDocument {
  text: string;
  hash: string;
}

/**
 * The one place where flow documents cross the store boundary. Writing keeps the document as
 * given; reading upgrades an older schemaVersion with `migrate()` and parses with the zod schema,
 * so callers always get a current, typed `FlowDocument`.
 */
export const flowDocumentCodec = {
  encode(document: FlowDocument): EncodedFlowDocument {
    return { text: toJsonText(document), hash: contentHash(document) };
  },
  decode(text: string): FlowDocument {
    const raw: unknown = JSON.parse(text);
    return FlowDocument.parse(migrate(raw).document);
  },
};
