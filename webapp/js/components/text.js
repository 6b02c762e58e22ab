// `text`: a line of text sent as `{id, value: "<text>"}` with Enter or its Send button; a value the
// device emits under the same id shows as the current one. Spec: {type:"text", id, label?, placeholder?}.
import { el, labelOf } from './util.js';

export function render(spec, send) {
  const label = labelOf(spec);
  const input = el('input', { type: 'text', 'aria-label': label, placeholder: spec.placeholder, autocomplete: 'off' });
  const current = el('span', { class: 'text-current' });
  const form = el('form', { class: 'text-box', 'aria-label': label },
    el('label', {}, el('span', { 'aria-hidden': 'true' }, label), input),
    el('button', { type: 'submit', 'aria-label': `Send ${label}` }, 'Send'), current);
  form.addEventListener('submit', e => {
    e.preventDefault();
    send(input.value);
  });
  return {
    element: form,
    update(value) {
      current.textContent = value === undefined || value === null ? '' : `Now: ${value}`;
    },
  };
}
