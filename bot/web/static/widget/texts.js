// The window's texts come from the gateway (content/antwoorden.yml, section chatvenster);
// a few placeholders in them are the widget's to fill.

/** `text` with {name} replaced by values[name]; unknown placeholders stay as they are. */
export function fill(text, values) {
  return text.replace(/\{([a-z_.]+)\}/g, (whole, name) =>
    (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole));
}
