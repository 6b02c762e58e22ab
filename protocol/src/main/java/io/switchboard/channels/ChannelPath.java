package io.switchboard.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A concrete channel such as {@code /sensors/kitchen/temp}, always in canonical form: one leading
 * slash, single slashes between segments, no trailing slash. Build one with {@link #parse}.
 */
public record ChannelPath(String value, List<String> segments) {

    public static final int MAX_SEGMENTS = 16;
    public static final int MAX_SEGMENT_LENGTH = 64;
    public static final int MAX_LENGTH = 256;

    static final String ALLOWED = "A-Z a-z 0-9 - _ . ~ : @ *";

    public ChannelPath {
        Objects.requireNonNull(value, "value");
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a channel has at least one segment");
        }
    }

    public static ChannelPath parse(String raw) throws BadChannelException {
        List<String> segments = parseSegments(raw, false);
        return new ChannelPath(canonical(raw, segments), segments);
    }

    public boolean isSystem() {
        return segments.get(0).charAt(0) == '$';
    }

    public int depth() {
        return segments.size();
    }

    public String segment(int i) {
        return segments.get(i);
    }

    public ChannelPath parent() {
        if (depth() == 1) {
            return null;
        }
        return new ChannelPath(value.substring(0, value.lastIndexOf('/')), segments.subList(0, depth() - 1));
    }

    public boolean startsWith(ChannelPath prefix) {
        String p = prefix.value;
        // Both values are canonical, so a string prefix ending at a segment boundary is a segment prefix.
        return value.startsWith(p) && (value.length() == p.length() || value.charAt(p.length()) == '/');
    }

    @Override
    public String toString() {
        return value;
    }

    /** Shared by {@link ChannelPattern}: splits, normalises and validates; wildcards only if allowed. */
    static List<String> parseSegments(String raw, boolean wildcardsAllowed) throws BadChannelException {
        if (raw == null) {
            throw new BadChannelException("channel is missing");
        }
        List<String> segments = new ArrayList<>(8);
        int length = 0;
        int i = 0;
        // Hand-rolled split: empty segments are skipped without allocating, and the limits stop the
        // scan early, so hostile input costs at most one pass.
        while (i < raw.length()) {
            if (raw.charAt(i) == '/') {
                i++;
                continue;
            }
            int end = raw.indexOf('/', i);
            end = end < 0 ? raw.length() : end;
            if (segments.size() == MAX_SEGMENTS) {
                throw new BadChannelException("channel has more than " + MAX_SEGMENTS + " segments");
            }
            String segment = raw.substring(i, end);
            checkSegment(segment, segments.isEmpty(), wildcardsAllowed);
            length += 1 + segment.length();
            if (length > MAX_LENGTH) {
                throw new BadChannelException("channel is longer than " + MAX_LENGTH + " characters");
            }
            segments.add(segment);
            i = end;
        }
        if (segments.isEmpty()) {
            throw new BadChannelException("channel has no segments (the root '/' is not a channel)");
        }
        return segments;
    }

    static String canonical(String raw, List<String> segments) {
        int length = 0;
        for (String s : segments) {
            length += 1 + s.length();
        }
        // Normalising only adds a leading slash or drops slashes, so same length + leading slash = unchanged.
        if (raw.length() == length && raw.charAt(0) == '/') {
            return raw;
        }
        StringBuilder sb = new StringBuilder(length);
        for (String s : segments) {
            sb.append('/').append(s);
        }
        return sb.toString();
    }

    static boolean isWildcard(String segment) {
        return segment.equals(ChannelPattern.ONE) || segment.equals(ChannelPattern.ANY);
    }

    private static void checkSegment(String segment, boolean first, boolean wildcardsAllowed)
            throws BadChannelException {
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw new BadChannelException("segment " + quote(segment.substring(0, 16) + "...") + " is "
                    + segment.length() + " characters long; at most " + MAX_SEGMENT_LENGTH + " are allowed");
        }
        if (!wildcardsAllowed && isWildcard(segment)) {
            throw new BadChannelException("segment " + quote(segment)
                    + " is a wildcard; wildcards are not allowed here");
        }
        for (int j = 0; j < segment.length(); j++) {
            char c = segment.charAt(j);
            if (c == '$' && first && j == 0) {
                continue;
            }
            if (c == '$') {
                throw new BadChannelException("segment " + quote(segment)
                        + " has '$' in the wrong place; '$' may only start the first segment");
            }
            if (!isAllowed(c)) {
                throw new BadChannelException("segment " + quote(segment) + " has a character outside " + ALLOWED);
            }
        }
        if (segment.equals("$")) {
            throw new BadChannelException("segment '$' needs a name after the '$'");
        }
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '@' || c == '*';
    }

    // The text is client input headed for logs and error frames, so anything unprintable is escaped.
    private static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('\'').toString();
    }
}
