/**
 * What the edge checks requests with, built by app.HubService: JWT tokens (JwtAuthenticator) and the
 * Host and Origin lists (WebOrigins). The filters that apply them to requests are in http.
 */
package io.switchboard.security;
