package io.switchboard.archfixture.app;

import io.switchboard.archfixture.tcp.FixtureLine;

/** Breaks the plumbing rule: app reaches up into a transport. */
public class ServiceCountingLines {
    FixtureLine line;
}
