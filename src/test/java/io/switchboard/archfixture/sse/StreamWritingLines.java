package io.switchboard.archfixture.sse;

import io.switchboard.archfixture.tcp.FixtureLine;

/** Breaks the transport rule: one transport writes through another. */
public class StreamWritingLines {
    FixtureLine line;
}
