package io.switchboard.archfixture.routing;

import io.switchboard.archfixture.hub.CleanHub;

/** With CleanHub (hub -> routing) a cycle: routing -> hub. */
public class LogCallingTheHub {
    CleanHub hub;
}
