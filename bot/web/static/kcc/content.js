// The content owners' page (/kcc/content): inbox with annotation, the content check, figures,
// and the retrain controls. Talks only to the gateway's API; the session cookie is HttpOnly,
// the CSRF token from the log-in is kept in this tab's sessionStorage and sent on every POST.
// Everything shown is set with textContent, never as HTML, because inbox texts come from residents.
(function () {
  "use strict";

  var CSRF_KEY = "gemeente.csrf";
  var state = { intents: [], pollTimer: null };

  // ---- a small fetch helper -------------------------------------------------------------
  function ApiError(status, body) {
    this.status = status;
    this.code = (body && body.error) || "http_" + status;
    this.detail = (body && body.detail) || "De server gaf een fout (" + status + ").";
  }

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var csrf = sessionStorage.getItem(CSRF_KEY);
    if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
    return fetch(path, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var error = new ApiError(response.status, data);
          if (response.status === 401 || (response.status === 403 && error.code === "csrf")) showLogin();
          throw error;
        }
        return data;
      });
    });
  }

  // ---- small DOM helpers ----------------------------------------------------------------
  function $(id) { return document.getElementById(id); }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else if (key === "className") node.className = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function say(id, text, isError) {
    var node = $(id);
    node.textContent = text || "";
    node.classList.toggle("error", !!isError);
  }

  function dateTime(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleString("nl-NL", { dateStyle: "medium", timeStyle: "short" });
  }

  function percent(share) {
    return share === null || share === undefined ? "–" : (share * 100).toFixed(1).replace(".", ",") + "%";
  }

  // ---- log-in -------------------------------------------------------------------------------
  function showLogin() {
    $("werk").hidden = true;
    $("wie").hidden = true;
    $("inloggen").hidden = false;
  }

  function showWork(name) {
    $("inloggen").hidden = true;
    $("werk").hidden = false;
    $("wie").hidden = !name;
    $("ingelogd-als").textContent = name ? "Ingelogd als " + name : "";
  }

  $("inlogformulier").addEventListener("submit", function (event) {
    event.preventDefault();
    say("inlogstatus", "Bezig met inloggen…");
    api("POST", "/api/staff/login", { username: $("gebruikersnaam").value, password: $("wachtwoord").value })
      .then(function (session) {
        sessionStorage.setItem(CSRF_KEY, session.csrf_token);
        sessionStorage.setItem(CSRF_KEY + ".name", session.display_name);
        $("wachtwoord").value = "";
        say("inlogstatus", "");
        start();
      })
      .catch(function (error) { say("inlogstatus", error.detail, true); });
  });

  $("uitloggen").addEventListener("click", function () {
    api("POST", "/api/staff/logout", {}).catch(function () {}).then(function () {
      sessionStorage.removeItem(CSRF_KEY);
      showLogin();
    });
  });

  // ---- inbox ----------------------------------------------------------------------------------
  var REASONS = { fallback: "terugval", low_confidence: "twijfel", before_person: "daarna medewerker gevraagd",
                  not_helpful: "niet behulpzaam" };
  var SKIP_REASONS = { duplicate: "stond er al", held_out: "staat in de testset", empty: "leeg" };

  function loadInbox() {
    var days = $("inbox-dagen").value;
    $("inbox-csv").setAttribute("href", "/api/content/inbox.csv?days=" + days);
    say("inbox-status", "Inbox laden…");
    return api("GET", "/api/content/inbox?days=" + days).then(function (data) {
      var list = $("inbox-groepen");
      list.textContent = "";
      data.groups.forEach(function (group, index) { list.appendChild(groupCard(group, index)); });
      var note = data.tracker_available ? "" : " (De gebeurtenissen van Rasa zijn niet te lezen; alleen overdrachten " +
        "en duimpjes zijn meegenomen.)";
      say("inbox-status", data.groups.length ? data.groups.length + " groepen, " + data.total + " berichten." + note
                                             : "Niets in de inbox voor deze periode." + note);
    }).catch(function (error) { say("inbox-status", error.detail, true); });
  }

  function groupCard(group, index) {
    var prefix = "groep-" + index;
    var reasons = el("ul", { className: "tags", "aria-label": "Waarom in de inbox" });
    Object.keys(group.reasons).forEach(function (key) {
      if (group.reasons[key]) reasons.appendChild(el("li", { text: REASONS[key] + ": " + group.reasons[key] }));
    });
    var examples = el("ul", { className: "examples" });
    group.examples.forEach(function (example, n) {
      var id = prefix + "-voorbeeld-" + n;
      var box = el("input", { type: "checkbox", id: id, value: example.text });
      box.checked = true;
      examples.appendChild(el("li", {}, [box, document.createTextNode(" "),
        el("label", { "for": id, text: example.text + (example.count > 1 ? " (" + example.count + "×)" : "") })]));
    });
    var select = el("select", { id: prefix + "-intent" });
    select.appendChild(el("option", { value: "", text: "Kies een onderwerp…" }));
    state.intents.forEach(function (intent) {
      var option = el("option", { value: intent.name, text: (intent.title ? intent.title + " – " : "") + intent.name });
      if (intent.name === group.suggested_intent) option.selected = true;
      select.appendChild(option);
    });
    var topic = el("input", { type: "text", id: prefix + "-onderwerp", maxlength: "60" });
    var status = el("p", { className: "status", role: "status", id: prefix + "-status" });
    var card = el("article", { className: "card", "aria-labelledby": prefix + "-titel" }, [
      el("h3", { id: prefix + "-titel", text: group.text }),
      el("p", { className: "meta", text: group.count + " keer in " + group.conversations + " gesprek(ken), " +
        "van " + dateTime(group.first_seen) + " tot " + dateTime(group.last_seen) +
        (group.suggested_intent ? ". Het model dacht aan: " + group.suggested_intent : "") }),
      reasons,
      el("fieldset", {}, [el("legend", { text: "Voorbeelden om toe te voegen" }), examples,
        group.example_count > group.examples.length
          ? el("p", { className: "muted", text: group.examples.length + " van " + group.example_count +
                      " teksten getoond; de rest blijft in de inbox." }) : null]),
      el("div", { className: "actions" }, [
        el("div", { className: "field" }, [el("label", { "for": select.id, text: "Onderwerp (intent)" }), select]),
        button("Toevoegen aan onderwerp", function () { decide(card, "intent", { intent: select.value }); }),
        el("div", { className: "field" }, [el("label", { "for": topic.id, text: "Naam nieuw onderwerp (mag leeg)" }), topic]),
        button("Nieuw onderwerp", function () { decide(card, "new_topic", topic.value ? { topic: topic.value } : {}); },
               "secondary"),
        button("Negeren", function () { decide(card, "ignore", {}); }, "secondary")
      ]),
      status
    ]);
    card.statusNode = status;
    return card;
  }

  function button(text, onClick, className) {
    var node = el("button", { type: "button", className: className || "", text: text });
    node.addEventListener("click", onClick);
    return node;
  }

  function decide(card, decision, extra) {
    var texts = Array.prototype.map.call(card.querySelectorAll("input[type=checkbox]:checked"),
                                         function (box) { return box.value; });
    if (!texts.length) { setCardStatus(card, "Kies minstens één voorbeeld.", true); return; }
    if (decision === "intent" && !extra.intent) { setCardStatus(card, "Kies eerst een onderwerp.", true); return; }
    var body = { texts: texts, decision: decision };
    Object.keys(extra).forEach(function (key) { body[key] = extra[key]; });
    Array.prototype.forEach.call(card.querySelectorAll("button"), function (b) { b.disabled = true; });
    api("POST", "/api/content/annotations", body).then(function (data) {
      var done = data.annotation;
      var parts = [];
      if (decision === "ignore") parts.push("Genegeerd.");
      else parts.push(done.added.length + " voorbeeld(en) toegevoegd" + (done.file ? " aan " + done.file : "") + ".");
      if (done.skipped.length) {
        parts.push("Overgeslagen: " + done.skipped.map(function (s) {
          var why = SKIP_REASONS[s.reason] || (s.reason.indexOf("already_in:") === 0
            ? "hoort al bij " + s.reason.slice("already_in:".length) : s.reason);
          return "\u201c" + s.text + "\u201d (" + why + ")";
        }).join(", ") + ".");
      }
      say("inbox-status", parts.join(" "));
      card.remove();
    }).catch(function (error) {
      setCardStatus(card, error.detail, true);
      Array.prototype.forEach.call(card.querySelectorAll("button"), function (b) { b.disabled = false; });
    });
  }

  function setCardStatus(card, text, isError) {
    card.statusNode.textContent = text;
    card.statusNode.classList.toggle("error", !!isError);
  }

  // ---- check ------------------------------------------------------------------------------------
  var FINDING_KINDS = { config_error: "bestand niet te lezen", intent_without_answer: "onderwerp zonder antwoord",
                        answer_error: "antwoord kan niet gemaakt worden", content_problem: "fout in de antwoorden",
                        malformed_link: "foute link", missing_fee: "product zonder tarief" };

  function loadCheck() {
    say("controle-status", "Controleren…");
    return api("GET", "/api/content/check").then(function (data) {
      var list = $("controle-lijst");
      list.textContent = "";
      data.findings.forEach(function (finding) {
        list.appendChild(el("li", { className: "finding-" + finding.severity }, [
          el("strong", { text: (finding.severity === "error" ? "Fout" : "Let op") + " – " +
                               (FINDING_KINDS[finding.kind] || finding.kind) + ": " }),
          document.createTextNode(finding.where),
          el("br"),
          el("span", { className: "muted", text: finding.detail })]));
      });
      say("controle-status", data.ok
        ? "Geen fouten gevonden" + (data.warnings ? ", wel " + data.warnings + " aandachtspunt(en)." : ".")
        : data.errors + " fout(en) en " + data.warnings + " aandachtspunt(en).", !data.ok);
    }).catch(function (error) { say("controle-status", error.detail, true); });
  }

  // ---- figures ---------------------------------------------------------------------------------
  function loadFigures() {
    var days = $("cijfers-dagen").value;
    $("cijfers-json").setAttribute("href", "/api/content/analytics?days=" + days);
    say("cijfers-status", "Cijfers laden…");
    return api("GET", "/api/content/analytics?days=" + days).then(function (data) {
      var tiles = $("cijfers-tegels");
      tiles.textContent = "";
      [["Gesprekken", data.conversations], ["Terugval", percent(data.fallback_rate)],
       ["Naar medewerker", percent(data.handover_rate)], ["Zonder medewerker", percent(data.resolved_without_person)],
       ["Afspraken gemaakt", data.appointments_made],
       ["Duim omhoog / omlaag", data.feedback.helpful + " / " + data.feedback.not_helpful]
      ].forEach(function (tile) {
        tiles.appendChild(el("li", {}, [el("span", { className: "value", text: String(tile[1]) }),
                                        el("span", { text: tile[0] })]));
      });
      drawPerDay(data.per_day);
      var top = $("top-intents");
      top.textContent = "";
      var most = Math.max.apply(null, [1].concat(data.top_intents.map(function (i) { return i.count; })));
      data.top_intents.forEach(function (item) {
        var bar = el("span", { className: "bar", "aria-hidden": "true" });
        bar.style.width = (100 * item.count / most) + "%";
        top.appendChild(el("li", {}, [el("span", { text: intentTitle(item.intent) }), el("span", {}, [bar]),
                                     el("span", { className: "count", text: String(item.count) })]));
      });
      if (!data.top_intents.length) top.appendChild(el("li", { text: "Nog geen gegevens." }));
      say("cijfers-status", data.tracker_available ? "" :
        "De gebeurtenissen van Rasa zijn niet te lezen: terugval en onderwerpen ontbreken.");
    }).catch(function (error) { say("cijfers-status", error.detail, true); });
  }

  function intentTitle(name) {
    var known = state.intents.filter(function (intent) { return intent.name === name; })[0];
    return known && known.title ? known.title : name;
  }

  function drawPerDay(days) {
    var width = 700, height = 180, gap = 2;
    var most = Math.max.apply(null, [1].concat(days.map(function (d) { return d.conversations; })));
    var total = days.reduce(function (sum, d) { return sum + d.conversations; }, 0);
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Staafgrafiek: " + total + " gesprekken in " + days.length +
                     " dagen, hoogste " + most + " op één dag. De tabel hieronder geeft alle cijfers.");
    var barWidth = width / Math.max(days.length, 1);
    days.forEach(function (day, n) {
      var bar = document.createElementNS(ns, "rect");
      var h = height * day.conversations / most;
      bar.setAttribute("x", String(n * barWidth + gap / 2));
      bar.setAttribute("y", String(height - h));
      bar.setAttribute("width", String(Math.max(barWidth - gap, 1)));
      bar.setAttribute("height", String(h));
      bar.setAttribute("fill", "#0b4f8a");
      svg.appendChild(bar);
    });
    var holder = $("per-dag-grafiek");
    holder.textContent = "";
    holder.appendChild(svg);
    if (days.length) {
      holder.appendChild(el("p", { className: "muted", "aria-hidden": "true",
        text: days[0].date + " tot en met " + days[days.length - 1].date + " (hoogste staaf: " + most + ")" }));
    }
    var body = $("per-dag-tabel").querySelector("tbody");
    body.textContent = "";
    days.forEach(function (day) {
      body.appendChild(el("tr", {}, [el("th", { scope: "row", text: day.date }),
        el("td", { className: "num", text: String(day.conversations) }),
        el("td", { className: "num", text: day.fallbacks === null ? "–" : String(day.fallbacks) }),
        el("td", { className: "num", text: String(day.handovers) }),
        el("td", { className: "num", text: String(day.appointments) })]));
    });
  }

  // ---- retraining (API of the retrain helper; tolerated while it does not exist) ------------------
  var RUN_STATUS = { queued: "In de wachtrij", running: "Bezig met trainen", passed: "Beter of gelijk: klaar om te gebruiken",
                     refused: "Niet in gebruik genomen: het nieuwe model scoort slechter", deployed: "In gebruik",
                     failed: "Mislukt", rolled_back: "Teruggezet" };

  function retrainMissing(error) {
    if (error.status === 404 || error.status === 405) {
      say("trainen-status", "Opnieuw trainen is hier nog niet beschikbaar.");
      return true;
    }
    return false;
  }

  function showRun(run) {
    $("trainen-run").hidden = false;
    $("trainen-uitkomst").textContent = "Training " + run.id + ": " + (RUN_STATUS[run.status] || run.status) + ".";
    $("trainen-voortgang").textContent = (run.progress || []).join("\n");
    var report = $("trainen-rapport");
    report.hidden = !(run.status !== "queued" && run.status !== "running");
    report.setAttribute("href", "/api/content/retrain/" + encodeURIComponent(run.id) + "/report");
    $("toch-gebruiken").hidden = run.status !== "refused";
    $("toch-gebruiken").dataset.run = run.id;
    clearTimeout(state.pollTimer);
    if (run.status === "queued" || run.status === "running") {
      state.pollTimer = setTimeout(function () {
        api("GET", "/api/content/retrain/" + encodeURIComponent(run.id)).then(function (data) { showRun(data.run); })
          .catch(function (error) { say("trainen-status", error.detail, true); });
      }, 2000);
    }
  }

  function loadRuns() {
    return api("GET", "/api/content/retrain").then(function (data) {
      if (data.runs && data.runs.length) showRun(data.runs[0]);
    }).catch(function (error) { if (!retrainMissing(error)) say("trainen-status", error.detail, true); });
  }

  $("trainen-starten").addEventListener("click", function () {
    say("trainen-status", "Training aanvragen…");
    api("POST", "/api/content/retrain", { override: false }).then(function (data) {
      say("trainen-status", "Training gestart.");
      showRun(data.run);
    }).catch(function (error) { if (!retrainMissing(error)) say("trainen-status", error.detail, true); });
  });

  $("terugdraaien").addEventListener("click", function () {
    api("POST", "/api/content/rollback", {}).then(function (data) {
      say("trainen-status", "Het vorige model is teruggezet.");
      showRun(data.run);
    }).catch(function (error) { if (!retrainMissing(error)) say("trainen-status", error.detail, true); });
  });

  $("toch-gebruiken").addEventListener("submit", function (event) {
    event.preventDefault();
    var runId = $("toch-gebruiken").dataset.run;
    api("POST", "/api/content/retrain/" + encodeURIComponent(runId) + "/deploy", { reason: $("toch-reden").value })
      .then(function (data) { say("trainen-status", "Het model is toch in gebruik genomen."); showRun(data.run); })
      .catch(function (error) { if (!retrainMissing(error)) say("trainen-status", error.detail, true); });
  });

  // ---- start --------------------------------------------------------------------------------------
  $("inbox-dagen").addEventListener("change", loadInbox);
  $("inbox-vernieuwen").addEventListener("click", loadInbox);
  $("controle-starten").addEventListener("click", loadCheck);
  $("cijfers-dagen").addEventListener("change", loadFigures);

  function start() {
    api("GET", "/api/content/intents").then(function (data) {
      state.intents = data.intents;
      showWork(sessionStorage.getItem(CSRF_KEY + ".name"));
      loadInbox();
      loadCheck();
      loadFigures();
      loadRuns();
    }).catch(function (error) {
      if (error.status === 403) {
        showLogin();
        say("inlogstatus", "Uw account mag content niet beheren (rol content of admin nodig).", true);
      } else if (error.status !== 401) {
        showLogin();
        say("inlogstatus", error.detail, true);
      }
    });
  }

  start();
})();
