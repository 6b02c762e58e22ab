/** WebSocket adapters: they decode nothing themselves, only hand text to the hub and write what it queues. */
package io.switchboard.websocket;
