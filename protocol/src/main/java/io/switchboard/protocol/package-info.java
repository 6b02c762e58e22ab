/** The wire frames of docs/protocol.md: client frames decoded from JSON, server frames encoded to JSON text. */
package io.switchboard.protocol;
