/** The container edge of auth: JWT tokens, the HTTP bearer check, the WebSocket Origin check. */
package io.switchboard.security;
