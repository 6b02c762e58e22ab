/** The container edge of auth: JWT tokens, the HTTP bearer check, and the Host, Origin, type and size checks of every request (HttpGuard). */
package io.switchboard.security;
