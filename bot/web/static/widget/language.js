// The window speaks the conversation's language: the gateway names it in each answer
// ("locale"), and the window's own words, and the lang of its region, follow it. The choice is
// kept with the conversation in localStorage, and a new conversation starts in it.

import { relabel, showWhoAnswers } from "./layout.js";
import { save } from "./storage.js";

export const DEFAULT_LANGUAGE = "nl";

/** The language to start in: the one kept from before, else the page's (data-taal), when the
 * window has words for it; else Dutch. */
export function startingLanguage(chat) {
  const wanted = [chat.state.language, chat.pageLanguage].filter((code) => code && chat.textsByLanguage[code]);
  return wanted.length ? wanted[0] : DEFAULT_LANGUAGE;
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
