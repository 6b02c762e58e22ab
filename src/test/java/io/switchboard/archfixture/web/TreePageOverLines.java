package io.switchboard.archfixture.web;

import io.switchboard.archfixture.tcp.FixtureLine;

/** Breaks the transport rule: the exception for web names classes, not every transport. */
public class TreePageOverLines {
    FixtureLine line;
}
