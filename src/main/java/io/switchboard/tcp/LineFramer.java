package io.switchboard.tcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a TCP byte stream into frames: one per line, ended by {@code \n} or {@code \0} (a trailing
 * {@code \r} is dropped, so CRLF works). Bytes are kept until their line is complete and only then
 * decoded, so a UTF-8 character split across reads arrives whole; neither terminator can occur
 * inside a multi-byte UTF-8 sequence. Blank lines are skipped: a client may send one as a
 * keep-alive. Not thread-safe: one reader feeds it.
 */
public final class LineFramer {
    private static final int INITIAL = 4096;

    private final int maxBytes;
    private byte[] pending = new byte[INITIAL];
    private int length;

    /** {@code maxBytes}: the longest line accepted, terminator not counted. */
    public LineFramer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Hands every line completed by {@code in} to {@code lines}, in order, and keeps the rest.
     * Returns false, having handed over the lines before it, as soon as a line passes
     * {@code maxBytes}; the stream cannot be resynchronised after that and the caller closes it.
     * A line that is not UTF-8 is reported to {@code notUtf8} in its place.
     */
    public boolean feed(ByteBuffer in, Consumer<String> lines, Runnable notUtf8) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n' || b == 0) {
                emit(lines, notUtf8);
            } else if (length == maxBytes) {
                return false;
            } else {
                append(b);
            }
        }
        return true;
    }

    /** Bytes of a line not yet ended. */
    public int pendingBytes() {
        return length;
    }

    private void append(byte b) {
        if (length == pending.length) {
            pending = Arrays.copyOf(pending, (int) Math.min((long) maxBytes, 2L * pending.length));
        }
        pending[length++] = b;
    }

    private void emit(Consumer<String> lines, Runnable notUtf8) {
        int end = length > 0 && pending[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        if (!isBlank(end)) {
            String line = strictUtf8(end);
            if (line == null) {
                notUtf8.run();
            } else {
                lines.accept(line);
            }
        }
        if (pending.length > 16 * INITIAL) {
            pending = new byte[INITIAL]; // one big frame must not pin its buffer for the connection's life
        }
    }

    /** The line's text, or null if it is not UTF-8 (a lenient decode would hand on U+FFFD the peer never sent). */
    private String strictUtf8(int end) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(pending, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private boolean isBlank(int end) {
        for (int i = 0; i < end; i++) {
            byte b = pending[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
