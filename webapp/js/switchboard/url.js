/**
 * Socket addresses: `socketUrl("chat")` is the ws:/wss: URL of `chat` relative to the page, as
 * `new URL("chat", location)` with `ws:` for `http:` and `wss:` for `https:`.
 */

/** The WebSocket URL of `url` (absolute, or relative to `base`); `ws:`/`wss:` stay as they are. */
export function socketUrl(url, base = globalThis.location?.href) {
  const resolved = new URL(String(url), base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  else if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  if (resolved.protocol !== 'ws:' && resolved.protocol !== 'wss:') {
    throw new SyntaxError(`not a WebSocket address: ${resolved.href}`);
  }
  resolved.hash = '';
  return resolved;
}

/** The application's root (its context root), known from where this module was served. */
export const ROOT = new URL('../../', import.meta.url);

/** The URL of `path` (such as `ws` or `mux`) at the application's root. */
export function rootUrl(path) {
  return new URL(path, ROOT);
}
