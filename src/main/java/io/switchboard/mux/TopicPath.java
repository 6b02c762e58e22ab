package io.switchboard.mux;

/**
 * What a topic names: the path (and query) of a socket of this server. Topics arrive escaped as
 * the websocket-multiplex client escapes them, with JavaScript's {@code escape()}: {@code %XX}
 * for a character below 256 and {@code %uXXXX} for any other UTF-16 unit (not UTF-8). A
 * fragment ({@code #2}) only tells apart two topics to the same path, and a missing leading
 * {@code /} is supplied.
 */
public final class TopicPath {
    private TopicPath() {
    }

    /** The path and query a topic names, or null if its escapes are broken. */
    public static String of(String topic) {
        String text = unescape(topic);
        if (text == null) {
            return null;
        }
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        return text.startsWith("/") ? text : "/" + text;
    }

    /** JavaScript's {@code unescape()}, strictly: null for a {@code %} not followed by a valid escape. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int digits = i + 1 < s.length() && s.charAt(i + 1) == 'u' ? 4 : 2;
            int start = digits == 4 ? i + 2 : i + 1;
            if (start + digits > s.length()) {
                return null;
            }
            int value = 0;
            for (int k = start; k < start + digits; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                value = value * 16 + d;
            }
            out.append((char) value);
            i = start + digits - 1;
        }
        return out.toString();
    }
}
