package io.switchboard.tree;

import io.switchboard.protocol.JsonText;
import java.util.List;

/** An index node's children at one moment, in name order. */
public record Listing(String path, List<Child> children) {

    public Listing {
        children = List.copyOf(children);
    }

    /** {@code {"path","children":[...],"retained"?}}; {@code retained} is JSON text or null. */
    public String toJson(String retained) {
        return fields(new StringBuilder("{"), retained).append('}').toString();
    }

    /** The WebSocket form: {@code {"op":"index","path",...}}. */
    public String toFrame(String retained) {
        return fields(new StringBuilder("{\"op\":\"index\","), retained).append('}').toString();
    }

    private StringBuilder fields(StringBuilder sb, String retained) {
        sb.append("\"path\":").append(JsonText.quote(path)).append(",\"children\":[");
        for (int i = 0; i < children.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(children.get(i).toJson());
        }
        sb.append(']');
        if (retained != null) {
            sb.append(",\"retained\":").append(retained);
        }
        return sb;
    }
}
