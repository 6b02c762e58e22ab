package io.switchboard.archfixture.sse;

import io.switchboard.archfixture.routing.Router;

/** Breaks the one-door rule: a transport subscribing on the router, not through the hub. */
public class StreamOnTheRouter {
    Router router;
}
