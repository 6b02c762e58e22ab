/**
 * The Switchboard browser library (docs/browser-library.md). ES modules, no build step:
 *
 *     import { HubClient, JSONWebSocket, RelativeWebSocket, MultiWebSocket } from './js/switchboard/index.js';
 *     import * as M from './js/switchboard/multi.js';   // M.WebSocket, M.JSONWebSocket
 */
export { RelativeWebSocket } from './relative.js';
export { JSONWebSocket } from './json.js';
export { WebSocket as MultiWebSocket, JSONWebSocket as MultiJSONWebSocket, MUX_URL, connections } from './multi.js';
export { HubClient, HubError } from './hub.js';
export { socketUrl, rootUrl, ROOT } from './url.js';
export { matches, isValidName, isChannel, isPattern, segments, NAME_PATTERN } from './patterns.js';
export { applyPatch } from './patch.js';
