package io.switchboard.archfixture.cluster;

import io.switchboard.archfixture.hub.CleanHub;

/** The cluster as it should be: an implementation of the core's seams, on the core. */
public class FixtureNode {
    CleanHub hub;
}
