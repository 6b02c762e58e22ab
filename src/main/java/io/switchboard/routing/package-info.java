/**
 * Publishing (offsets, history, retained values, delivery of each message to its subscribers) and
 * subscribing: a {@link io.switchboard.routing.Feed} is the one way anything subscribes.
 */
package io.switchboard.routing;
