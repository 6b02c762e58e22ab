// `number`: a labelled reading. Spec: {type:"number", id, label?, unit?, decimals?}.
import { el, labelOf, withUnit } from './util.js';

export function render(spec) {
  const label = labelOf(spec);
  const output = el('output', { 'aria-label': label, class: 'reading' }, '–');
  const element = el('div', { role: 'group', 'aria-label': label }, el('span', { class: 'component-label', 'aria-hidden': 'true' }, label), output);
  return {
    element,
    update(value) {
      output.textContent = withUnit(value, spec);
      output.dataset.value = String(value);
    },
  };
}
