/**
 * Channel names and patterns as the hub reads them (docs/protocol.md, Channels), the one copy of
 * these rules in the browser: the hub's own are ChannelPath and ChannelPattern.
 */

/** A client id or session name: 1-64 of `A-Z a-z 0-9 - _ . ~ : @` (as an input's `pattern`). */
export const NAME_PATTERN = '[A-Za-z0-9\\-_.~:@]{1,64}';
const NAME = new RegExp(`^${NAME_PATTERN}$`);
/** A segment without its leading `$` (which only the first segment may have). */
const SEGMENT = /^[A-Za-z0-9\-_.~:@*]{1,64}$/;
const MAX_SEGMENTS = 16;
const MAX_LENGTH = 256;

/** Whether `text` may be a client id, a session name or a plain channel segment. */
export function isValidName(text) {
  return typeof text === 'string' && NAME.test(text);
}

/** Whether `ch` looks like a channel path or pattern (a leading `/`; the hub judges the rest). */
export function isPath(ch) {
  return typeof ch === 'string' && ch.startsWith('/') && ch.length > 1;
}

const isWildcard = segment => segment === '*' || segment === '**';

/**
 * The segments of `raw` as the hub normalises it (`a//b/` is `/a/b`), or null where the hub
 * answers `bad_channel`: no segment, a segment of more than 64 characters or outside
 * `A-Z a-z 0-9 - _ . ~ : @ *`, a `$` anywhere but at the start of the first segment, `$` alone,
 * more than 16 segments or 256 characters, or (with `wildcards` false) a `*` or `**` segment.
 */
export function segments(raw, { wildcards = true } = {}) {
  if (typeof raw !== 'string') return null;
  const found = raw.split('/').filter(Boolean);
  if (found.length === 0 || found.length > MAX_SEGMENTS) return null;
  let length = 0;
  for (const [i, segment] of found.entries()) {
    const plain = i === 0 && segment.startsWith('$') ? segment.slice(1) : segment;
    if (segment.length > 64 || !SEGMENT.test(plain)) return null;
    if (!wildcards && isWildcard(segment)) return null;
    length += 1 + segment.length;
  }
  return length > MAX_LENGTH ? null : found;
}

/** Whether the hub takes `ch` as a concrete channel (for `pub`, `call`, `watch`, ...). */
export function isChannel(ch) {
  return segments(ch, { wildcards: false }) !== null;
}

/** Whether the hub takes `pattern` as a pattern (for `sub`, `register`, SSE). */
export function isPattern(pattern) {
  return segments(pattern) !== null;
}

/**
 * Whether the concrete channel `ch` matches `pattern`: `*` is one segment, `**` any number, a
 * `*` inside a longer segment is an ordinary character, and a wildcard in the first position
 * never matches a system channel (`/$sys/...`), which must be named. False if either is invalid.
 */
export function matches(pattern, ch) {
  const p = segments(pattern);
  const c = segments(ch, { wildcards: false });
  if (!p || !c) return false;
  if (c[0].startsWith('$') && isWildcard(p[0])) return false;
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
