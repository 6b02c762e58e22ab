/** Publishing: offsets, history, retained values, and delivery of each message to its subscribers. */
package io.switchboard.routing;
