package io.switchboard.client;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;

/**
 * Client-side matching of a subscription pattern, to hand each message to the handlers whose
 * pattern it matches (the hub sends a session one copy however many match). The rules are the
 * hub's own ({@link ChannelPattern}); a name the hub would refuse matches nothing here.
 */
final class Pattern {
    private final ChannelPattern pattern;

    Pattern(String pattern) {
        this.pattern = parse(pattern);
    }

    boolean matches(String channel) {
        if (pattern == null) {
            return false;
        }
        try {
            return pattern.matches(ChannelPath.parse(channel));
        } catch (BadChannelException notAChannel) {
            return false;
        }
    }

    private static ChannelPattern parse(String pattern) {
        try {
            return ChannelPattern.parse(pattern);
        } catch (BadChannelException refusedByTheHubToo) {
            return null;
        }
    }
}
