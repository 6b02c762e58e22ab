package io.switchboard.bench;

/**
 * The one message both servers carry: a JSON object {@code {"bn":N,"bt":T,"pad":"xx.."}} of exactly
 * {@code size} bytes, where N is the message number (negative for the readiness probe) and T the
 * publisher's {@code System.nanoTime()} when it was sent. nchan delivers the body as it was
 * published and the hub wraps it in a {@code msg} frame, so the reader looks for the two fields
 * anywhere in the text: the names {@code bn} and {@code bt} appear nowhere else in either.
 */
record StampedMessage(long number, long sentNs) {

    static final long PROBE = -1;
    private static final String NUMBER = "\"bn\":";
    private static final String SENT = "\"bt\":";

    /** The body, padded with {@code x} to {@code size} bytes (or as short as it can be). */
    String body(int size) {
        String head = "{" + NUMBER + number + "," + SENT + sentNs + ",\"pad\":\"";
        int pad = Math.max(0, size - head.length() - 2);
        return head + "x".repeat(pad) + "\"}";
    }

    /** The stamp in a received text, or null when it carries none (a server's own frame). */
    static StampedMessage readFrom(String text) {
        int n = text.indexOf(NUMBER);
        int t = text.indexOf(SENT);
        if (n < 0 || t < 0) {
            return null;
        }
        return new StampedMessage(longAt(text, n + NUMBER.length()), longAt(text, t + SENT.length()));
    }

    private static long longAt(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < text.length() && Character.isDigit(text.charAt(i)); i++, digits++) {
            v = v * 10 + (text.charAt(i) - '0');
        }
        if (digits == 0) {
            throw new IllegalArgumentException("no number at " + from + " in " + text);
        }
        return negative ? -v : v;
    }
}
