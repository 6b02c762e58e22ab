package io.switchboard.archfixture.metrics;

import io.switchboard.archfixture.app.FixtureService;
import io.switchboard.archfixture.cluster.FixtureNode;
import io.switchboard.archfixture.tcp.FixtureLine;

/** The gauges as they should be: they read every part. */
public class Gauges {
    FixtureService service;
    FixtureLine lines;
    FixtureNode cluster;
}
