// `gauge`: a value on a scale, drawn as an arc. Spec: {type:"gauge", id, label?, min?=0, max?=100, unit?}.
import { el, labelOf, withUnit } from './util.js';

const SVG = 'http://www.w3.org/2000/svg';
const R = 40;
const LENGTH = Math.PI * R;

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function render(spec) {
  const label = labelOf(spec);
  const min = Number(spec.min ?? 0);
  const max = Number(spec.max ?? 100);
  const arc = `M ${50 - R} 50 A ${R} ${R} 0 0 1 ${50 + R} 50`;
  const picture = svg('svg', { viewBox: '0 0 100 56', 'aria-hidden': 'true', class: 'gauge-arc' });
  picture.append(svg('path', { d: arc, class: 'track' }));
  const bar = svg('path', { d: arc, class: 'bar', 'stroke-dasharray': `0 ${LENGTH}` });
  picture.append(bar);
  const text = el('span', { class: 'reading', 'aria-hidden': 'true' }, '–');
  const meter = el('div', {
    role: 'meter', 'aria-label': label, 'aria-valuemin': min, 'aria-valuemax': max, 'aria-valuenow': min,
    'aria-valuetext': 'no reading yet', class: 'gauge',
  }, picture, text);
  const element = el('div', { class: 'gauge-box' }, el('span', { class: 'component-label', 'aria-hidden': 'true' }, label), meter);
  return {
    element,
    update(value) {
      const v = Number(value);
      if (!Number.isFinite(v)) return;
      const share = max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 0;
      bar.setAttribute('stroke-dasharray', `${(share * LENGTH).toFixed(2)} ${LENGTH}`);
      text.textContent = withUnit(v, spec);
      meter.setAttribute('aria-valuenow', String(v));
      meter.setAttribute('aria-valuetext', withUnit(v, spec));
    },
  };
}
