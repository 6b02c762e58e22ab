package io.switchboard.tree;

import io.switchboard.protocol.JsonText;

/** One child of an index as listed: {@code {"name","path","kind"}}; {@code path} is its tree path. */
public record Child(String name, String path, Kind kind) {

    public String toJson() {
        return "{\"name\":" + JsonText.quote(name) + ",\"path\":" + JsonText.quote(path)
                + ",\"kind\":\"" + kind.wire() + "\"}";
    }
}
