import { type FlowDocument, interpolate } from "../../../flow-schema/index";
import { type SessionState, templateScope } from "../../engine/index";

/**
 * What a customer is told when a flow does not set `settings.unsupportedInputMessage`, by the
 * primary subtag of the flow's `settings.language`; English otherwise. The default lives here,
 * in the runtime, not in the schema: a schema default would be written into every document
 * (in English, whatever the flow's language) and frozen there, where this one follows the
 * flow's language and can be improved without touching stored flows.
 */
const DEFAULTS: Readonly<Record<string, string>> = {
  en: "Sorry, I can only read text messages here.",
  es: "Lo siento, aquí solo puedo leer mensajes de texto.",
  pt: "Desculpe, aqui só consigo ler mensagens de texto.",
  fr: "Désolé, je ne peux lire que des messages texte ici.",
  de: "Entschuldigung, ich kann hier nur Textnachrichten lesen.",
  it: "Mi dispiace, qui posso leggere solo messaggi di testo.",
  nl: "Sorry, ik kan hier alleen tekstberichten lezen.",
};

/** The built-in text for a language tag (`pt-BR` → Portuguese); English for none or one without a translation. */
export function defaultUnsupportedInputMessage(language: string | undefined): string {
  const primary = language?.split("-")[0]?.toLowerCase() ?? "en";
  return DEFAULTS[primary] ?? DEFAULTS.en ?? "";
}

/**
 * The flow's `settings.unsupportedInputMessage`, its templates rendered against the session (values
 * render empty without one), else the default in the flow's language.
 */
export function unsupportedInputMessage(document: FlowDocument | undefined, state?: SessionState): string {
  const own = document?.settings?.unsupportedInputMessage;
  if (own === undefined) return defaultUnsupportedInputMessage(document?.settings?.language);
  const text = interpolate(own, state === undefined ? {} : templateScope(state));
  return text.trim() === "" ? defaultUnsupportedInputMessage(document?.settings?.language) : text;
}
