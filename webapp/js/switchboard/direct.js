/**
 * The direct counterparts of multi.js, with the same names, so that a page can pick its
 * sockets with one line: `const S = mux ? await import('./multi.js') : await import('./direct.js')`.
 */
export { RelativeWebSocket as WebSocket } from './relative.js';
export { JSONWebSocket } from './json.js';
