package io.switchboard.protocol;

/**
 * Builds the JSON text of a server frame by hand: frames are small, flat and written on the hot
 * path, so a builder that appends to one StringBuilder beats a generic serialiser. Values passed
 * to {@link #raw} must already be JSON text.
 */
public final class JsonText {
    private final StringBuilder sb = new StringBuilder(96);
    /** Whether a member was written: the next one needs a comma. */
    private boolean members;

    private JsonText() {
        sb.append('{');
    }

    public static JsonText op(String op) {
        JsonText t = new JsonText();
        t.key("op").append('"').append(op).append('"'); // op names are the protocol's own words: nothing to escape
        return t;
    }

    /** An object that is not a frame (no {@code op}): the data of an event. */
    public static JsonText object() {
        return new JsonText();
    }

    public JsonText str(String name, String value) {
        if (value != null) {
            key(name);
            quote(sb, value);
        }
        return this;
    }

    public JsonText num(String name, long value) {
        key(name).append(value);
        return this;
    }

    public JsonText bool(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    public JsonText raw(String name, String json) {
        if (json != null) {
            key(name).append(json);
        }
        return this;
    }

    /** The frame still open, ready for a per-session {@code seq} to be appended. */
    public String open() {
        return sb.toString();
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    /** Closes an open frame with its seq: {@code ...,"seq":N}}. */
    public static String withSeq(String open, long seq) {
        return new StringBuilder(open.length() + 24).append(open).append(",\"seq\":").append(seq).append('}').toString();
    }

    private StringBuilder key(String name) {
        if (members) {
            sb.append(',');
        }
        members = true;
        return sb.append('"').append(name).append("\":");
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
