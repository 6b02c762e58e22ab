/** The raw TCP transport: one JSON frame per line, for devices without a WebSocket stack; an adapter around the hub. */
package io.switchboard.tcp;
