package io.switchboard.archfixture.tcp;

/** A transport. */
public class FixtureLine {
}
