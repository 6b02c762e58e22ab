package io.switchboard.tree;

import java.util.List;

/**
 * A path of the tree as a request names it (docs/web.md, The index tree): {@code node} is its canonical form, and
 * {@code index} says whether the request asks for the listing. {@code /data} and {@code /chatrooms}
 * (with or without a trailing {@code /}) and {@code /chatrooms/<room>} are indexes; below
 * {@code /data} a trailing {@code /} asks for the listing and a bare path is the channel.
 */
public record TreePath(String node, boolean index) {

    /** The tree path, or null if the path is not under {@code /data} or {@code /chatrooms}. */
    public static TreePath parse(String raw) {
        if (raw == null) {
            return null;
        }
        List<String> segments = IndexTree.split(raw);
        if (segments.isEmpty() || !IndexTree.ROOTS.contains(segments.get(0))) {
            return null;
        }
        String node = "/" + String.join("/", segments);
        boolean slash = raw.endsWith("/");
        boolean chat = segments.get(0).equals("chatrooms");
        boolean index = slash || segments.size() == 1 || chat && segments.size() == 2;
        return new TreePath(node, index);
    }

    /** A bare path below {@code /data}: a channel, streamed over WebSocket and SSE. */
    public boolean isChannel() {
        return !index && node.startsWith("/data/");
    }
}
