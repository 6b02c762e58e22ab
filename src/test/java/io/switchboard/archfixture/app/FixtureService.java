package io.switchboard.archfixture.app;

import io.switchboard.archfixture.cluster.FixtureNode;
import io.switchboard.archfixture.hub.CleanHub;

/** The composition root as it should be: it builds the hub and the cluster. */
public class FixtureService {
    CleanHub hub;
    FixtureNode cluster;
}
