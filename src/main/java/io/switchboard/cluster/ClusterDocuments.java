package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.state.SharedDocuments;
import io.switchboard.state.StateDocuments;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * State documents across nodes: each document is an IMap entry ({@code {"rev","value"}}, backed
 * up like any map entry), changed under that entry's lock, so one node at a time makes the next
 * rev; each change is then announced on a topic to every node, whose copies apply changes in rev
 * order. One order of revisions for every watcher, wherever it is connected.
 */
public final class ClusterDocuments implements SharedDocuments {
    private static final System.Logger LOG = System.getLogger(ClusterDocuments.class.getName());
    static final String DOCUMENTS = "switchboard-state";
    static final String CHANGES = "switchboard-state-changes";

    private final IMap<String, String> documents;
    private final ITopic<String> changes;
    private volatile StateDocuments local;

    public ClusterDocuments(HazelcastInstance hz) {
        this.documents = hz.getMap(DOCUMENTS);
        this.changes = hz.getTopic(CHANGES);
        changes.addMessageListener(m -> changed(m.getMessageObject()));
    }

    public void serve(StateDocuments d) {
        this.local = d;
        d.share(this);
    }

    @Override
    public StateDocuments.Snapshot load(ChannelPath ch) {
        String json = documents.get(ch.value());
        if (json == null) {
            return new StateDocuments.Snapshot(0, JsonValue.EMPTY_JSON_OBJECT);
        }
        JsonObject o = parse(json);
        return new StateDocuments.Snapshot(o.getJsonNumber("rev").longValue(), o.getJsonObject("value"));
    }

    @Override
    public long update(ChannelPath ch, Change change, Differ differ) throws ProtocolException {
        String key = ch.value();
        documents.lock(key);
        try {
            StateDocuments.Snapshot now = load(ch);
            JsonObject next = change.apply(now.rev(), now.data());
            long rev = now.rev() + 1;
            JsonArray ops = differ.diff(now.data(), next);
            documents.set(key, JsonText.op("doc").num("rev", rev).raw("value", next.toString()).toString());
            // Announced while still locked: no later rev can be announced before this one is made.
            changes.publish(JsonText.op("changed").str("ch", key).num("rev", rev).raw("value", next.toString())
                    .raw("ops", ops.toString()).toString());
            return rev;
        } finally {
            documents.unlock(key);
        }
    }

    private void changed(String text) {
        StateDocuments here = local;
        if (here == null) {
            return;
        }
        JsonObject m = parse(text);
        try {
            here.changed(ChannelPath.parse(m.getString("ch")), m.getJsonNumber("rev").longValue(),
                    m.getJsonObject("value"), m.getJsonArray("ops").toString());
        } catch (BadChannelException e) {
            LOG.log(System.Logger.Level.WARNING, "a document change on a bad channel: {0}", m.getString("ch"));
        }
    }

    private static JsonObject parse(String json) {
        try (var r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
