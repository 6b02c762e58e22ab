// `button`: sends `{id, value: true}` when pressed. Spec: {type:"button", id, label?}.
import { el, labelOf } from './util.js';

export function render(spec, send) {
  const button = el('button', { type: 'button' }, labelOf(spec));
  button.addEventListener('click', () => send(true));
  return { element: el('div', {}, button), update() {} };
}
