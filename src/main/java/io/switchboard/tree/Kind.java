package io.switchboard.tree;

import java.util.Locale;

/** What a listed child is: an index (it has children), a channel, or a socket path. */
public enum Kind {
    INDEX, CHANNEL, SOCKET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
