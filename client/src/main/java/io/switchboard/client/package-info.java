/**
 * The Switchboard Java client, in three layers: {@link io.switchboard.client.ReconnectingSocket}
 * (a connection that comes back), {@link io.switchboard.client.Frames} (frames to and from JSON),
 * and {@link io.switchboard.client.HubClient} (sessions, subscriptions, acks, resend).
 */
package io.switchboard.client;
