// Whether a key press is typing into a field (and so not a labeling key). A checkbox or a
// button that keeps the focus after a click is not a text field: keys still label.
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

export const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  ((t instanceof HTMLInputElement && !NOT_TEXT.has(t.type)) || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
