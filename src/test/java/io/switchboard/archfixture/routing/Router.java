package io.switchboard.archfixture.routing;

/** The core's router: the hub's, not the transports'. */
public class Router {
}
