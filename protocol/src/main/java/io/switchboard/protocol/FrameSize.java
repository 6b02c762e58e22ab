package io.switchboard.protocol;

/**
 * A text frame's size as the wire counts it, in UTF-8 bytes, without encoding it when the
 * character count already decides (a char is 1 to 3 bytes; a surrogate pair is 4 for 2 chars).
 */
public final class FrameSize {
    private FrameSize() {
    }

    /** True when {@code text} takes more than {@code limit} bytes in UTF-8. */
    public static boolean over(String text, int limit) {
        int chars = text.length();
        if (chars > limit) {
            return true;
        }
        if ((long) chars * 3 <= limit) {
            return false;
        }
        return utf8Length(text) > limit;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
