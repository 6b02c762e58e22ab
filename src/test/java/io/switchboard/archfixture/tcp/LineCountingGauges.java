package io.switchboard.archfixture.tcp;

import io.switchboard.archfixture.metrics.Gauges;

/** Breaks the metrics rule: a transport reads the gauges, which read it. */
public class LineCountingGauges {
    Gauges gauges;
}
