// Telling the employee that a new chat waits, also while they look at another tab or program:
// a short sound (switchable; the choice is remembered in this browser), a browser
// notification where the browser allows it, and the number waiting in the tab's title
// ("(2) Chats – KCC-console"). The first look at the queue after opening the page only sets
// the title: what already waited is no news.

const SOUND_KEY = "kcc.geluid";  // "uit" when the employee switched the sound off

let audio = null;

function audioContext() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  if (!audio) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
  return audio;
}

/** Two short rising tones, made in the browser (no sound file to load). */
function chime() {
  const context = audioContext();
  if (!context) return;
  const start = context.currentTime;
  [[660, 0], [880, 0.18]].forEach(([frequency, offset]) => {
    const tone = context.createOscillator();
    const volume = context.createGain();
    tone.type = "sine";
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, start + offset);
    volume.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    tone.connect(volume).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.17);
  });
}

function notificationsPossible() {
  return "Notification" in window;
}

/**
 * controls = {sound: checkbox, notify: button, notifyState: element, onOpen(id)}.
 * Returns {update(waiting), reset()}: update with the queue (oldest first) after each look;
 * reset when the session ends (the title loses its count, the next look is a first one).
 */
export function queueAlerts(controls) {
  const baseTitle = document.title;
  let known = null;  // the ids seen in the previous look; null before the first

  controls.sound.checked = localStorage.getItem(SOUND_KEY) !== "uit";
  controls.sound.addEventListener("change", () => {
    localStorage.setItem(SOUND_KEY, controls.sound.checked ? "aan" : "uit");
    if (controls.sound.checked) audioContext();  // a click may start the sound, later polls may not
  });
  // Browsers let a page make sound only after the person did something on it.
  const unlock = () => {
    if (controls.sound.checked) audioContext();
  };
  document.addEventListener("pointerdown", unlock, { once: true });
  document.addEventListener("keydown", unlock, { once: true });

  const showNotifyState = () => {
    if (!notificationsPossible()) {
      controls.notify.hidden = true;
      controls.notifyState.textContent = "Deze browser kan geen meldingen tonen.";
      return;
    }
    const permission = Notification.permission;
    controls.notify.hidden = permission !== "default";
    controls.notifyState.textContent = {
      granted: "Browsermeldingen staan aan.",
      denied: "Browsermeldingen zijn uitgezet in de instellingen van de browser.",
      default: "",
    }[permission] || "";
  };
  controls.notify.addEventListener("click", async () => {
    try {
      await Notification.requestPermission();
    } finally {
      showNotifyState();
      controls.notifyState.focus();
    }
  });
  showNotifyState();

  const notify = (handover) => {
    if (!notificationsPossible() || Notification.permission !== "granted") return;
    if (document.visibilityState === "visible" && document.hasFocus()) return;  // the page itself shows it
    const shown = new Notification("Nieuw gesprek in de wachtrij", {
      body: `${handover.topic_name}: een inwoner wacht op een medewerker.`,
      tag: `kcc-${handover.conversation_id}`,
    });
    shown.onclick = () => {
      window.focus();
      controls.onOpen(handover.conversation_id);
      shown.close();
    };
  };

  return {
    update(waiting) {
      document.title = waiting.length ? `(${waiting.length}) ${baseTitle}` : baseTitle;
      const fresh = known === null ? [] : waiting.filter((h) => !known.has(h.conversation_id));
      known = new Set(waiting.map((h) => h.conversation_id));
      if (!fresh.length) return;
      if (controls.sound.checked) chime();
      fresh.forEach(notify);
    },
    reset() {
      document.title = baseTitle;
      known = null;
    },
  };
}
