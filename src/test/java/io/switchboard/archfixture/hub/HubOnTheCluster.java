package io.switchboard.archfixture.hub;

import io.switchboard.archfixture.cluster.FixtureNode;

/** Breaks the core rule and the cluster rule: the core picks the cluster itself. */
public class HubOnTheCluster {
    FixtureNode node;
}
