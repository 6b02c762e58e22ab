// The component registry: type → renderer module. Every module exports
// `render(spec, send) → {element, update(value)}` (docs/dashboard.md).
// To add a type, add a module next to this file and one line here.
import * as number from './number.js';
import * as gauge from './gauge.js';
import * as chart from './chart.js';
import * as button from './button.js';
import * as toggle from './toggle.js';
import * as text from './text.js';
import * as unsupported from './unsupported.js';

export const COMPONENTS = {
  number,
  gauge,
  chart,
  button,
  toggle,
  text,
};

/** Renders `spec` with its type's module, or a visible "unsupported component" note. */
export function renderComponent(spec, send) {
  const type = spec && typeof spec.type === 'string' ? spec.type : '';
  const module = Object.hasOwn(COMPONENTS, type) ? COMPONENTS[type] : unsupported;
  const rendered = module.render(spec ?? {}, send);
  rendered.element.classList.add('component', `component-${module === unsupported ? 'unsupported' : type}`);
  return rendered;
}
