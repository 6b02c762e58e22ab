package io.switchboard.cli;

import io.switchboard.client.HubException;

/** The exit codes of {@code switchboard} (docs/cli.md) and what maps to them. */
public final class Exit {
    /** Done. */
    public static final int OK = 0;
    /** The hub refused, or the call failed: {@code error: <code>: <message>} on stderr. */
    public static final int REFUSED = 1;
    /** The command line is wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** The hub cannot be reached at the URL. */
    public static final int CANNOT_CONNECT = 3;
    /** No answer in time (a call's {@code timeout}, or the hub not answering a request). */
    public static final int TIMEOUT = 4;

    private Exit() {
    }

    /** A failure that ends a command with {@code code}; {@code message} is printed as it is. */
    public static final class Failure extends RuntimeException {
        private final int code;

        public Failure(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** The exit code for what ended a command. */
    public static int of(Throwable t) {
        t = unwrap(t);
        if (t instanceof Failure f) {
            return f.code();
        }
        if (t instanceof HubException h) {
            return "timeout".equals(h.code()) ? TIMEOUT : REFUSED;
        }
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof java.net.ConnectException) {
            return CANNOT_CONNECT;
        }
        return REFUSED;
    }

    /** The line printed on stderr for what ended a command. */
    public static String message(Throwable t) {
        t = unwrap(t);
        if (t instanceof Failure f) {
            return f.getMessage();
        }
        if (t instanceof HubException h) {
            return "error: " + h.code() + ": " + h.detail();
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return "error: timeout: no answer in time";
        }
        return "error: " + (t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
