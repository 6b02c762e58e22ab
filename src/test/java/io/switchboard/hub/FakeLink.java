package io.switchboard.hub;

import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket that writes synchronously: wake() drains the bound session at once. Frames and closes are
 * kept in one timeline so a test can tell an error came before its close.
 */
final class FakeLink implements Link {
    private static final JsonProvider JSON = JsonProvider.provider();

    private Session session;
    private final List<String> timeline = new ArrayList<>();
    private int taken;
    private int pings;

    @Override
    public void bind(Session s) {
        this.session = s;
    }

    @Override
    public void wake() {
        for (String f = session.nextToWrite(); f != null; f = session.nextToWrite()) {
            timeline.add(f);
        }
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(int code, String reason) {
        timeline.add("close " + code);
    }

    int pings() {
        return pings;
    }

    /** Every frame and close so far, closes as "close <code>". */
    List<String> timeline() {
        return List.copyOf(timeline);
    }

    /** The frames (not closes) written since the last take, as JSON. */
    List<JsonObject> take() {
        List<JsonObject> out = new ArrayList<>();
        for (String entry : timeline.subList(taken, timeline.size())) {
            if (!entry.startsWith("close ")) {
                out.add(parse(entry));
            }
        }
        taken = timeline.size();
        return out;
    }

    /** The raw text of the frames written since the last take. */
    List<String> takeText() {
        List<String> out = new ArrayList<>();
        for (String entry : timeline.subList(taken, timeline.size())) {
            if (!entry.startsWith("close ")) {
                out.add(entry);
            }
        }
        taken = timeline.size();
        return out;
    }

    List<Integer> closeCodes() {
        return timeline.stream().filter(e -> e.startsWith("close ")).map(e -> Integer.valueOf(e.substring(6))).toList();
    }

    static JsonObject parse(String text) {
        try (var r = JSON.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
