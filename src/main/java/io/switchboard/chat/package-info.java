/** Chat rooms: who is in which room, and saying a text to everyone in it. */
package io.switchboard.chat;
