// `chart`: an inline SVG line of the recent values, the newest on the right. Spec: {type:"chart", id, label?, points?=60, unit?}.
import { el, labelOf, withUnit } from './util.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 80;

export function render(spec) {
  const label = labelOf(spec);
  const size = Math.max(2, Number(spec.points ?? 60));
  const values = [];
  const picture = document.createElementNS(SVG, 'svg');
  picture.setAttribute('viewBox', `0 0 ${W} ${H}`);
  picture.setAttribute('preserveAspectRatio', 'none');
  picture.setAttribute('role', 'img');
  picture.setAttribute('aria-label', label);
  picture.setAttribute('class', 'chart');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', '');
  picture.append(line);
  const range = el('span', { class: 'chart-range' }, 'no readings yet');
  const element = el('figure', { class: 'chart-box' },
    el('figcaption', { class: 'component-label' }, label), picture, range);
  return {
    element,
    update(value) {
      const v = Number(value);
      if (!Number.isFinite(v)) return;
      values.push(v);
      if (values.length > size) values.shift();
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const span = hi - lo || 1;
      const step = W / (size - 1);
      line.setAttribute('points', values
        .map((y, i) => `${(W - (values.length - 1 - i) * step).toFixed(1)},${(H - 4 - ((y - lo) / span) * (H - 8)).toFixed(1)}`).join(' '));
      picture.dataset.points = String(values.length);
      picture.setAttribute('aria-description', `${values.length} readings, latest ${withUnit(v, spec)}`);
      range.textContent = `${withUnit(lo, spec)} – ${withUnit(hi, spec)}, latest ${withUnit(v, spec)}`;
    },
  };
}
