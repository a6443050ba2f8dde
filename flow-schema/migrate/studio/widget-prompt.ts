import { LanguageTag } from "../../primitives";
import type { WidgetProperties } from "./widget-properties";

export interface StudioPrompt {
  text?: string;
  voice?: string;
  language?: string;
}

/**
 * The prompt of a widget that speaks (`say`, or `body` on chat widgets): the text with its Liquid
 * rewritten, `voice` and `language`. A `play` URL is not an audio library asset: it is reported,
 * and the widget's name is said instead when there is no text.
 */
export function widgetPrompt(properties: WidgetProperties, textKey = "say"): StudioPrompt {
  const prompt: StudioPrompt = {};
  const text = properties.liquid(textKey);
  if (text !== undefined) prompt.text = text;
  const play = properties.string("play")?.trim();
  if (play !== undefined && play !== "") {
    properties.error(`play ${play} is a URL, not an audio library asset: upload the file to the audio library and pick it${text === undefined ? `; until then "${properties.owner.name}" is said` : ""}`, "play");
  }
  if (prompt.text === undefined) {
    if (play === undefined || play === "") properties.warn(`has nothing to ${textKey === "say" ? "say" : "send"}; its name "${properties.owner.name}" is used as the prompt text, replace it`, textKey);
    prompt.text = properties.owner.name;
  }
  const voice = properties.string("voice")?.trim();
  if (voice !== undefined && voice !== "") prompt.voice = voice.slice(0, 100);
  const language = properties.string("language")?.trim();
  if (language !== undefined && language !== "") {
    if (LanguageTag.safeParse(language).success) prompt.language = language;
    else properties.warn(`language "${language}" is not a BCP 47 tag; the flow's language is used`, "language");
  }
  return prompt;
}
