// What a component of an unknown type renders as: a visible note, so a view still shows the rest.
import { el } from './util.js';

export function render(spec) {
  const what = `Unsupported component "${spec.type ?? '(no type)'}"${spec.id ? ` (${spec.id})` : ''}`;
  return { element: el('p', { role: 'note', 'aria-label': what }, what), update() {} };
}
