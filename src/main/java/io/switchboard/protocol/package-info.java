/** The wire frames of PROTOCOL.md: client frames decoded from JSON, server frames encoded to JSON text. */
package io.switchboard.protocol;
