package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * Writes client frames as the JSON text a client sends: the other half of {@link FrameCodec},
 * which reads them on the hub. One vocabulary for both sides: whatever this writes, the codec
 * decodes back to an equal frame ({@code ClientFramesTest} holds every frame kind to that).
 */
public final class ClientFrames {
    private ClientFrames() {
    }

    public static String write(ClientFrame frame) {
        return frameText(frame).toString();
    }

    /** The JSON text of a frame id: ids are carried as JSON text so a number stays a number. */
    public static String idText(String id) {
        return id == null ? null : JsonText.quote(id);
    }

    private static JsonText frameText(ClientFrame frame) {
        if (frame instanceof ClientFrame.Hello h) {
            return hello(h);
        } else if (frame instanceof ClientFrame.Sub s) {
            return since(JsonText.op("sub").str("ch", s.ch()).raw("id", s.id()), s.since());
        } else if (frame instanceof ClientFrame.Unsub u) {
            return JsonText.op("unsub").str("ch", u.ch()).raw("id", u.id());
        } else if (frame instanceof ClientFrame.Pub p) {
            JsonText t = JsonText.op("pub").str("ch", p.ch()).raw("data", json(p.data())).raw("id", p.id());
            return p.retain() ? t.bool("retain", true) : t;
        } else if (frame instanceof ClientFrame.Call c) {
            JsonText t = JsonText.op("call").str("ch", c.ch()).raw("data", json(c.data())).raw("id", c.id());
            return c.timeout() == null ? t : t.num("timeout", c.timeout());
        } else if (frame instanceof ClientFrame.Register r) {
            return JsonText.op("register").str("ch", r.ch()).raw("id", r.id());
        } else if (frame instanceof ClientFrame.Unregister u) {
            return JsonText.op("unregister").str("ch", u.ch()).raw("id", u.id());
        } else if (frame instanceof ClientFrame.Yield y) {
            JsonText t = JsonText.op("yield").str("id", y.invoke());
            return y.error() != null ? t.raw("error", y.error().toString()) : t.raw("data", json(y.data()));
        } else if (frame instanceof ClientFrame.Watch w) {
            return JsonText.op("watch").str("ch", w.ch()).raw("id", w.id());
        } else if (frame instanceof ClientFrame.Unwatch u) {
            return JsonText.op("unwatch").str("ch", u.ch()).raw("id", u.id());
        } else if (frame instanceof ClientFrame.Patch p) {
            return patch(p);
        } else if (frame instanceof ClientFrame.View v) {
            // An explicit null: "stop viewing" reads as what it is on the wire.
            return JsonText.op("view").raw("device", v.device() == null ? "null" : JsonText.quote(v.device()))
                    .raw("id", v.id());
        } else if (frame instanceof ClientFrame.Emit e) {
            return JsonText.op("emit").raw("data", json(e.data())).raw("id", e.id());
        } else if (frame instanceof ClientFrame.Input i) {
            return JsonText.op("input").str("device", i.device()).raw("data", json(i.data())).raw("id", i.id());
        } else if (frame instanceof ClientFrame.Ack a) {
            return JsonText.op("ack").num("seq", a.seq());
        } else if (frame instanceof ClientFrame.Ping p) {
            return JsonText.op("ping").raw("id", p.id());
        } else if (frame instanceof ClientFrame.Refresh r) {
            return JsonText.op("refresh").str("token", r.token()).raw("id", r.id());
        } else if (frame instanceof ClientFrame.Bye) {
            return JsonText.op("bye");
        } else if (frame instanceof ClientFrame.Pong) {
            return JsonText.op("pong");
        } else if (frame instanceof ClientFrame.History h) {
            return history(h);
        }
        throw new IllegalArgumentException("no wire form for " + frame);
    }

    private static JsonText hello(ClientFrame.Hello h) {
        JsonText t = JsonText.op("hello").str("client", h.client()).str("name", h.name()).str("kind", h.kind())
                .str("token", h.token());
        if (h.batch()) {
            t.bool("batch", true);
        }
        return h.resumeSeq() == null ? t : t.raw("resume", "{\"seq\":" + h.resumeSeq() + "}");
    }

    private static JsonText since(JsonText t, Since since) {
        if (since == null) {
            return t;
        }
        if (since.epoch() == null) {
            return t.num("since", since.off());
        }
        return t.raw("since", "{\"off\":" + since.off() + ",\"epoch\":" + JsonText.quote(since.epoch()) + "}");
    }

    private static JsonText history(ClientFrame.History h) {
        JsonText t = since(JsonText.op("history").str("ch", h.ch()).raw("id", h.id()), h.since());
        t = h.limit() == null ? t : t.num("limit", h.limit());
        return h.reverse() ? t.bool("reverse", true) : t;
    }

    private static JsonText patch(ClientFrame.Patch p) {
        JsonText t = JsonText.op("patch").str("ch", p.ch());
        t = p.merge() != null ? t.raw("merge", p.merge().toString()) : t.raw("ops", p.ops().toString());
        t = p.base() == null ? t : t.num("base", p.base());
        return t.raw("id", p.id());
    }

    private static String json(JsonValue v) {
        return v == null ? "null" : v.toString();
    }
}
