// The window speaks the conversation's language: the gateway names it in each answer
// ("locale"), and the window's own words, and the lang of its region, follow it. The choice is
// kept with the conversation in localStorage, and a new conversation starts in it.

import { relabel, showWhoAnswers } from "./layout.js";
import { save } from "./storage.js";

export const DEFAULT_LANGUAGE = "nl";

/** The language to start in: the one kept from before, when the window has words for it. */
export function startingLanguage(chat) {
  const kept = chat.state.language;
  return kept && chat.textsByLanguage[kept] ? kept : DEFAULT_LANGUAGE;
}

/** Sets the window's words in `language` (no change for a language it has no words for). */
export function useLanguage(chat, language) {
  chat.language = language;
  chat.texts = chat.textsByLanguage[language];
}

/** An answer of the gateway named the conversation's language: the window follows it. */
export function followLanguage(chat, locale) {
  if (!locale || locale === chat.language || !chat.textsByLanguage[locale]) return;
  useLanguage(chat, locale);
  chat.state.language = locale;
  save(chat);
  relabel(chat);
  showWhoAnswers(chat);
}
