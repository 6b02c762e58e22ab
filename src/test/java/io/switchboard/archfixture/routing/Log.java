package io.switchboard.archfixture.routing;

/** The core below the hub. */
public class Log {
}
