package io.switchboard.sessions;

import java.util.Locale;

/** What a session is: its hello.kind, else guessed from the User-Agent. */
public enum Kind {
    DEVICE, BROWSER, SERVICE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a hello names, or null if it names none that exists. */
    public static Kind fromWire(String s) {
        for (Kind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        return null;
    }

    /** Without {@code hello.kind}: a handshake whose User-Agent starts with {@code Mozilla/} is a browser. */
    public static Kind fromUserAgent(String userAgent) {
        return userAgent != null && userAgent.startsWith("Mozilla/") ? BROWSER : DEVICE;
    }
}
