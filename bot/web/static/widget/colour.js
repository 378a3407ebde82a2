// The window's accent colour: the one on the script tag (data-kleur), darkened until text on
// it and links in it are readable.

const DEFAULT_COLOUR = [31, 95, 139];
const BOT_BUBBLE = [242, 244, 247]; // the bot's bubble (widget.css), which accent-coloured links sit on

/** "#1f5f8b" or "#18b" as [r, g, b]; null for anything else. */
export function parseColour(value) {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
  return [0, 2, 4].map((i) => parseInt(hex.substr(i, 2), 16));
}

function luminance(rgb) {
  const c = rgb.map((v) => {
    v = v / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

function contrast(a, b) {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** WCAG AA asks 4.5:1 for text: white on the accent and the accent on the bot's bubble. */
export function readableAccent(rgb) {
  let colour = rgb || DEFAULT_COLOUR;
  while (contrast(colour, BOT_BUBBLE) < 4.6) {
    colour = colour.map((v) => Math.floor(v * 0.9));
  }
  return "rgb(" + colour.join(",") + ")";
}
