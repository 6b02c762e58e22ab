/** Sessions that outlive sockets: seq numbers, ack windows, resend on resume, duplicate suppression. */
package io.switchboard.sessions;
