package io.switchboard.state;

import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.ProtocolException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * Where a cluster keeps its state documents, so that every node changes them atomically and in
 * one revision order. A node runs each change under the document's cluster-wide lock and then
 * announces it; every node (itself too) hears each change once, maybe out of order, and applies
 * them to its copy in rev order ({@link StateDocuments#changed}).
 */
public interface SharedDocuments {

    /** The change of one patch: what the document was, to what it becomes (or a failure). */
    interface Change {
        JsonObject apply(long rev, JsonObject value) throws ProtocolException;
    }

    /** The document as the cluster has it now (rev 0 and {@code {}} if unknown). */
    StateDocuments.Snapshot load(ChannelPath ch);

    /**
     * Runs {@code change} on the current document under its cluster-wide lock, keeps the result
     * as the next rev and announces it ({@code ops}: the RFC 6902 diff); returns the new rev.
     */
    long update(ChannelPath ch, Change change, Differ differ) throws ProtocolException;

    /** The RFC 6902 ops from one document to another. */
    interface Differ {
        JsonArray diff(JsonObject from, JsonObject to);
    }
}
