package io.switchboard.cluster;

import io.switchboard.auth.Identity;
import io.switchboard.protocol.JsonText;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Session;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the cluster knows of a session besides its journal, as JSON in an IMap: the node that owns
 * it (empty while nobody does), its name, kind and user, and each subscription with the offset
 * this node had delivered when it was made (a node taking the session up replays each pattern
 * from there, or from the last message the journal has, whichever is later).
 */
record SessionRecord(String owner, String name, Kind kind, String user, Set<String> roles,
                     Map<String, Long> patterns, long detachedAt) {

    /**
     * The record of a session just opened on {@code node}: its identity goes with it, so that any
     * node can tell whose it is before taking it up: a session belongs to the user that opened it.
     */
    static SessionRecord opened(String node, Session s) {
        Identity who = s.identity();
        return new SessionRecord(node, s.name(), s.kind(), who == null ? null : who.user(),
                who == null ? Set.of() : who.roles(), Map.of(), 0);
    }

    SessionRecord withOwner(String node) {
        return new SessionRecord(node, name, kind, user, roles, patterns, 0);
    }

    SessionRecord withPatterns(Map<String, Long> p) {
        return new SessionRecord(owner, name, kind, user, roles, p, detachedAt);
    }

    SessionRecord detached(long at) {
        return new SessionRecord(owner, name, kind, user, roles, patterns, at);
    }

    Identity identity() {
        return user == null ? null : new Identity(user, roles, Long.MAX_VALUE);
    }

    String inbox(String client) {
        return name != null ? name : client;
    }

    String toJson() {
        StringBuilder p = new StringBuilder("{");
        patterns.forEach((k, v) -> p.append(p.length() > 1 ? "," : "").append(JsonText.quote(k)).append(':').append(v));
        StringBuilder r = new StringBuilder("[");
        roles.forEach(role -> r.append(r.length() > 1 ? "," : "").append(JsonText.quote(role)));
        return JsonText.op("session").str("owner", owner).str("name", name).str("kind", kind.wire()).str("user", user)
                .raw("roles", r.append(']').toString()).raw("patterns", p.append('}').toString())
                .num("detachedAt", detachedAt).toString();
    }

    static SessionRecord parse(String json) {
        JsonObject o;
        try (var reader = Json.createReader(new StringReader(json))) {
            o = reader.readObject();
        }
        Map<String, Long> patterns = new LinkedHashMap<>();
        o.getJsonObject("patterns").forEach((k, v) -> patterns.put(k, ((jakarta.json.JsonNumber) v).longValue()));
        Set<String> roles = new TreeSet<>();
        for (JsonValue v : o.getJsonArray("roles")) {
            roles.add(((JsonString) v).getString());
        }
        return new SessionRecord(o.getString("owner", ""), o.getString("name", null), Kind.fromWire(o.getString("kind")),
                o.getString("user", null), roles, patterns, o.getJsonNumber("detachedAt").longValue());
    }
}
