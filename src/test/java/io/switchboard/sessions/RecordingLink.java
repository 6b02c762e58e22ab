package io.switchboard.sessions;

import java.util.ArrayList;
import java.util.List;

/** A link that writes synchronously: every wake() drains the bound session into {@link #written}. */
final class RecordingLink implements Link {
    private Session session;
    final List<String> written = new ArrayList<>();
    final List<Integer> closeCodes = new ArrayList<>();
    /** While set, wake() writes nothing (a peer that stopped reading); {@link #drain} catches up. */
    boolean stalled;

    @Override
    public void bind(Session s) {
        this.session = s;
    }

    @Override
    public void wake() {
        if (!stalled) {
            drain();
        }
    }

    void drain() {
        for (String f = session.nextToWrite(); f != null; f = session.nextToWrite()) {
            written.add(f);
        }
    }

    @Override
    public void ping() {
    }

    @Override
    public void close(int code, String reason) {
        closeCodes.add(code);
    }

    /** What was written since the last call. */
    List<String> take() {
        List<String> out = List.copyOf(written);
        written.clear();
        return out;
    }
}
