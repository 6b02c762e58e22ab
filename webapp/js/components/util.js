// Small helpers shared by the component modules.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  e.append(...children);
  return e;
}

/** The label of a spec: its `label`, else its `id`. */
export function labelOf(spec) {
  return String(spec.label ?? spec.id ?? '');
}

/** A number for display: at most `digits` decimals, no trailing zeros. */
export function formatNumber(value, digits = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value === undefined ? '–' : String(value);
  return String(Number(value.toFixed(digits)));
}

/** `value` with the spec's unit, if any. */
export function withUnit(value, spec) {
  const text = formatNumber(value, spec.decimals ?? 2);
  return spec.unit && text !== '–' ? `${text} ${spec.unit}` : text;
}
