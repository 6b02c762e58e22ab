package io.switchboard.client;

/**
 * Client-side matching of a subscription pattern, to hand each message to the handlers whose
 * pattern it matches (the hub sends a session one copy however many match).
 */
final class Pattern {
    private final String[] segments;

    Pattern(String pattern) {
        this.segments = split(pattern);
    }

    boolean matches(String channel) {
        String[] ch = split(channel);
        if (ch.length > 0 && ch[0].startsWith("$") && segments.length > 0
                && (segments[0].equals("*") || segments[0].equals("**"))) {
            return false;
        }
        return match(0, ch, 0);
    }

    private boolean match(int p, String[] ch, int c) {
        if (p == segments.length) {
            return c == ch.length;
        }
        if (segments[p].equals("**")) {
            for (int skip = c; skip <= ch.length; skip++) {
                if (match(p + 1, ch, skip)) {
                    return true;
                }
            }
            return false;
        }
        return c < ch.length && (segments[p].equals("*") || segments[p].equals(ch[c])) && match(p + 1, ch, c + 1);
    }

    private static String[] split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
