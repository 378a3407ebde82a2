/* The municipality's chat window for any web page: one script tag, for example
 *   <script src="https://chat.gemeente.nl/widget.js" data-gemeente-naam="Wilgendaal"
 *           data-kleur="#1f5f8b" data-positie="rechts" async></script>
 * (data-taal="en" on an English page starts the chat in English.)
 * The gateway's address is taken from this script's own src. The gateway puts the window's
 * texts (content/antwoorden.yml, section chatvenster) in place of the marker below: "texts"
 * in Dutch, "languages" the other languages' by code ({"en": ...}).
 *
 * This loader is a classic script, because only such a script can read its own tag
 * (document.currentScript). The window itself is the ES modules in /static/widget/ (main.js
 * and what it imports, with /static/shared/), fetched from the gateway; a page on another
 * origin gets them because the gateway serves them with CORS.
 */
(function () {
  "use strict";

  var SERVER = /*SERVER_CONFIG*/null;
  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!SERVER || !script || window.gemeenteChatLoaded) return;
  window.gemeenteChatLoaded = true;

  var origin = new URL(script.getAttribute("src"), location.href).origin;
  var texts = { nl: SERVER.texts };
  Object.keys(SERVER.languages || {}).forEach(function (code) { texts[code] = SERVER.languages[code]; });
  var options = {
    origin: origin,
    texts: texts,
    name: script.getAttribute("data-gemeente-naam") || SERVER.gemeente,
    colour: script.getAttribute("data-kleur"),
    side: script.getAttribute("data-positie"),
    language: script.getAttribute("data-taal")
  };
  import(origin + "/static/widget/main.js").then(function (widget) {
    widget.start(options);
  }, function (problem) {
    window.gemeenteChatLoaded = false;
    console.error("gemeente-chat: the chat window could not be loaded", problem);
  });
})();
