import { socketUrl } from './url.js';

/**
 * `WebSocket` with addresses relative to the page: `new RelativeWebSocket("chat")` on
 * `https://host/rooms/` connects to `wss://host/rooms/chat`. Everything else is the browser's
 * own WebSocket (it is a subclass).
 */
export class RelativeWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(socketUrl(url), protocols);
  }
}
