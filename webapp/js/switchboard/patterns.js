/** Channel names and patterns as the hub reads them (docs/protocol.md, Channels). */

const NAME = /^[A-Za-z0-9\-_.~:@]{1,64}$/;

/** Whether `text` may be a client id, a session name or a plain channel segment. */
export function isValidName(text) {
  return typeof text === 'string' && NAME.test(text);
}

/** Whether `ch` looks like a channel path or pattern (a leading `/`; the hub judges the rest). */
export function isPath(ch) {
  return typeof ch === 'string' && ch.startsWith('/') && ch.length > 1;
}

/** Whether the concrete channel `ch` matches `pattern` (`*` one segment, `**` any number). */
export function matches(pattern, ch) {
  const p = pattern.split('/').filter(Boolean);
  const c = ch.split('/').filter(Boolean);
  // A wildcard in the first position never matches a system channel.
  if (c.length && c[0].startsWith('$') && (p[0] === '*' || p[0] === '**')) return false;
  const at = (i, j) => {
    if (i === p.length) return j === c.length;
    if (p[i] === '**') {
      for (let k = j; k <= c.length; k++) if (at(i + 1, k)) return true;
      return false;
    }
    return j < c.length && (p[i] === '*' || p[i] === c[j]) && at(i + 1, j + 1);
  };
  return at(0, 0);
}
