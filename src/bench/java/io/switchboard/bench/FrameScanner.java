package io.switchboard.bench;

/**
 * Reads the few fields the load generator needs from one server frame (a JSON object) in a single
 * pass, without building a tree and without allocating for the hot {@code msg} frames: {@code op},
 * {@code id}, {@code off}, {@code seq}, {@code data.n}, {@code data.t}, {@code from}/{@code to} (gap frames),
 * {@code error.code/message}, and where the raw {@code data} value lies ({@link #dataStart}..{@link #dataEnd},
 * which an RPC callee echoes back).
 * Field order and whitespace do not matter; unknown fields are skipped. Not thread-safe: one per
 * connection (the JDK calls a WebSocket listener sequentially).
 */
final class FrameScanner {

    static final int OP_OTHER = 0;
    static final int OP_MSG = 1;
    static final int OP_OK = 2;
    static final int OP_WELCOME = 3;
    static final int OP_ERROR = 4;
    static final int OP_GAP = 5;
    static final int OP_INVOKE = 6;
    static final int OP_RESULT = 7;

    int op;
    String id;
    long off;
    long seq;
    long n;
    long t;
    long from;
    long to;
    String errorCode;
    String errorMessage;
    /** The raw JSON text of {@code data} is {@code text[dataStart, dataEnd)}; both -1 if there is none. */
    int dataStart;
    int dataEnd;

    private char[] s;
    private int pos;
    private int end;

    /**
     * Scans the JSON object that starts at {@code text[start]} (after optional whitespace) and ends
     * before {@code stop}; returns the index just past its closing brace, or -1 (with
     * {@link #errorMessage} set) if there is no well-formed object there. Text after the object is
     * not looked at, so batched frames ({@code \n} between objects) are read by calling again.
     */
    int scan(char[] text, int start, int stop) {
        op = OP_OTHER;
        id = null;
        off = -1;
        seq = -1;
        n = Long.MIN_VALUE;
        t = Long.MIN_VALUE;
        from = -1;
        to = -1;
        errorCode = null;
        errorMessage = null;
        dataStart = -1;
        dataEnd = -1;
        s = text;
        pos = start;
        end = stop;
        try {
            skipWs();
            expect('{');
            skipWs();
            if (peek() == '}') {
                return pos + 1;
            }
            while (true) {
                skipWs();
                int ks = stringStart();
                int ke = stringEnd(ks);
                skipWs();
                expect(':');
                skipWs();
                topField(ks, ke);
                skipWs();
                char c = next();
                if (c == '}') {
                    return pos;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (pos - 1));
                }
            }
        } catch (RuntimeException e) {
            op = OP_OTHER;
            errorMessage = "unparsable frame: " + e.getMessage();
            return -1;
        } finally {
            s = null;
        }
    }

    private void topField(int ks, int ke) {
        if (keyIs(ks, ke, "op")) {
            int vs = stringStart();
            int ve = stringEnd(vs);
            op = keyIs(vs, ve, "msg") ? OP_MSG
                    : keyIs(vs, ve, "ok") ? OP_OK
                    : keyIs(vs, ve, "welcome") ? OP_WELCOME
                    : keyIs(vs, ve, "error") ? OP_ERROR
                    : keyIs(vs, ve, "gap") ? OP_GAP
                    : keyIs(vs, ve, "invoke") ? OP_INVOKE
                    : keyIs(vs, ve, "result") ? OP_RESULT : OP_OTHER;
        } else if (keyIs(ks, ke, "id") && peek() == '"') {
            int vs = stringStart();
            int ve = stringEnd(vs);
            id = new String(s, vs, ve - vs);
        } else if (keyIs(ks, ke, "off") && isNumberStart(peek())) {
            off = number();
        } else if (keyIs(ks, ke, "seq") && isNumberStart(peek())) {
            seq = number();
        } else if (keyIs(ks, ke, "from") && isNumberStart(peek())) {
            from = number();
        } else if (keyIs(ks, ke, "to") && isNumberStart(peek())) {
            to = number();
        } else if (keyIs(ks, ke, "data")) {
            dataStart = pos;
            if (peek() == '{') {
                object(true);
            } else {
                skipValue();
            }
            dataEnd = pos;
        } else if (keyIs(ks, ke, "error") && peek() == '{') {
            object(false);
        } else {
            skipValue();
        }
    }

    /** A nested object: {@code data} (n, t) or {@code error} (code, message). */
    private void object(boolean data) {
        expect('{');
        skipWs();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            int ks = stringStart();
            int ke = stringEnd(ks);
            skipWs();
            expect(':');
            skipWs();
            if (data && keyIs(ks, ke, "n") && isNumberStart(peek())) {
                n = number();
            } else if (data && keyIs(ks, ke, "t") && isNumberStart(peek())) {
                t = number();
            } else if (!data && keyIs(ks, ke, "code") && peek() == '"') {
                int vs = stringStart();
                errorCode = new String(s, vs, stringEnd(vs) - vs);
            } else if (!data && keyIs(ks, ke, "message") && peek() == '"') {
                int vs = stringStart();
                errorMessage = new String(s, vs, stringEnd(vs) - vs);
            } else {
                skipValue();
            }
            skipWs();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or } at " + (pos - 1));
            }
        }
    }

    private void skipValue() {
        char c = peek();
        if (c == '"') {
            stringEnd(stringStart());
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                char d = next();
                if (d == '"') {
                    pos--;
                    stringEnd(stringStart());
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                }
            } while (depth > 0);
        } else {
            while (pos < end) {
                char d = s[pos];
                if (d == ',' || d == '}' || d == ']' || d <= ' ') {
                    break;
                }
                pos++;
            }
        }
    }

    private long number() {
        boolean neg = false;
        if (peek() == '-') {
            neg = true;
            pos++;
        }
        long v = 0;
        while (pos < end) {
            char c = s[pos];
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            pos++;
        }
        // A fraction or exponent is not expected in these fields; skip it so the scan goes on.
        while (pos < end) {
            char c = s[pos];
            if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
                pos++;
            } else {
                break;
            }
        }
        return neg ? -v : v;
    }

    private static boolean isNumberStart(char c) {
        return c == '-' || (c >= '0' && c <= '9');
    }

    /** Consumes the opening quote; returns the index of the first character inside. */
    private int stringStart() {
        expect('"');
        return pos;
    }

    /** Consumes up to and including the closing quote; returns the index of that quote. */
    private int stringEnd(int start) {
        while (true) {
            char c = next();
            if (c == '\\') {
                next();
            } else if (c == '"') {
                return pos - 1;
            }
        }
    }

    private boolean keyIs(int from, int to, String key) {
        int len = to - from;
        if (len != key.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s[from + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first character at or after {@code i} that is not whitespace (or {@code stop}). */
    static int skipWs(char[] text, int i, int stop) {
        while (i < stop) {
            char c = text[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            i++;
        }
        return stop;
    }

    private void skipWs() {
        while (pos < end) {
            char c = s[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= end) {
            throw new IllegalArgumentException("unexpected end");
        }
        return s[pos];
    }

    private char next() {
        if (pos >= end) {
            throw new IllegalArgumentException("unexpected end");
        }
        return s[pos++];
    }

    private void expect(char c) {
        char got = next();
        if (got != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (pos - 1) + ", got " + got);
        }
    }
}
