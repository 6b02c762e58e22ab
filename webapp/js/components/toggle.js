// `toggle`: an on/off switch; sends `{id, value: true|false}`, and shows the state the device
// emits under the same id. Spec: {type:"toggle", id, label?}.
import { el, labelOf } from './util.js';

export function render(spec, send) {
  const label = labelOf(spec);
  const state = el('span', { class: 'toggle-state', 'aria-hidden': 'true' }, 'off');
  const button = el('button', { type: 'button', role: 'switch', 'aria-checked': 'false', class: 'switch' },
    el('span', { class: 'knob', 'aria-hidden': 'true' }), label);
  const show = on => {
    button.setAttribute('aria-checked', String(on));
    state.textContent = on ? 'on' : 'off';
  };
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-checked') !== 'true';
    show(on);
    send(on);
  });
  return {
    element: el('div', { class: 'toggle-box' }, button, state),
    update(value) {
      if (typeof value === 'boolean') show(value);
    },
  };
}
