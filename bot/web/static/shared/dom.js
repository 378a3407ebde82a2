// Building elements without HTML strings, for the resident's chat window and the staff
// console alike: every text is set with textContent, so what a resident typed stays text.

/**
 * An element with `props` ({text, className, on<event>: handler, attribute: value}; an
 * attribute that is null or false is left out, true makes it present) and `children`
 * (elements, or strings set as text; null children are skipped).
 */
export function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.keys(props || {}).forEach((key) => {
    const value = props[key];
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  });
  (children || []).forEach((child) => {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

/** An element with text set as text (never as HTML) and an optional class. */
export function element(tag, text, className) {
  const made = document.createElement(tag);
  if (text !== undefined && text !== null) made.textContent = text;
  if (className) made.className = className;
  return made;
}

/** Shows `text` (none: empty) in the element with this id, marked as an error or not. */
export function say(id, text, isError) {
  const node = document.getElementById(id);
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}
