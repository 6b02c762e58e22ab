package io.switchboard.channels;

import java.util.List;
import java.util.Objects;

/**
 * A subscription pattern: a channel path whose segments may be {@code *} (exactly one segment) or
 * {@code **} (zero or more segments). Only whole segments are wildcards; {@code a*b} is literal.
 */
public record ChannelPattern(String value, List<String> segments) {

    public static final String ONE = "*";
    public static final String ANY = "**";

    public ChannelPattern {
        Objects.requireNonNull(value, "value");
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a pattern has at least one segment");
        }
    }

    public static ChannelPattern parse(String raw) throws BadChannelException {
        List<String> segments = ChannelPath.parseSegments(raw, true);
        return new ChannelPattern(ChannelPath.canonical(raw, segments), segments);
    }

    public static ChannelPattern of(ChannelPath exact) {
        return new ChannelPattern(exact.value(), exact.segments());
    }

    public boolean isWildcard() {
        for (String s : segments) {
            if (ChannelPath.isWildcard(s)) {
                return true;
            }
        }
        return false;
    }

    public int depth() {
        return segments.size();
    }

    public String segment(int i) {
        return segments.get(i);
    }

    /** The reference semantics; {@link PatternTrie} must agree with it on every input. */
    public boolean matches(ChannelPath path) {
        // Like MQTT's $SYS: a leading wildcard never reaches system channels.
        if (path.isSystem() && ChannelPath.isWildcard(segments.get(0))) {
            return false;
        }
        return matchFrom(0, path.segments(), 0);
    }

    public ChannelPath toPath() {
        if (isWildcard()) {
            throw new IllegalStateException("pattern " + value + " has wildcards, so it is not a channel");
        }
        return new ChannelPath(value, segments);
    }

    @Override
    public String toString() {
        return value;
    }

    private boolean matchFrom(int p, List<String> channel, int c) {
        if (p == segments.size()) {
            return c == channel.size();
        }
        String segment = segments.get(p);
        if (segment.equals(ANY)) {
            for (int k = c; k <= channel.size(); k++) {
                if (matchFrom(p + 1, channel, k)) {
                    return true;
                }
            }
            return false;
        }
        if (c == channel.size()) {
            return false;
        }
        boolean here = segment.equals(ONE) || segment.equals(channel.get(c));
        return here && matchFrom(p + 1, channel, c + 1);
    }
}
