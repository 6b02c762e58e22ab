package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * A frame from a client. {@code id} fields hold the JSON text of the client's id (a string or a
 * number) so that it is echoed back exactly as sent.
 */
public sealed interface ClientFrame {

    /** The JSON text of the frame's id, or null. */
    default String id() {
        return null;
    }

    /** Hands this frame to {@code v}'s method for its kind, with the caller's {@code context}. */
    <C> void accept(Visitor<C> v, C context) throws ProtocolException;

    /**
     * One method per kind of frame. Java 17 has no pattern {@code switch} (it is a preview), so
     * this is what keeps dispatch exhaustive: a new record must implement {@code accept}, which
     * names its method here, which every visitor must then implement.
     */
    interface Visitor<C> {
        void hello(Hello f, C context) throws ProtocolException;

        void sub(Sub f, C context) throws ProtocolException;

        void unsub(Unsub f, C context) throws ProtocolException;

        void pub(Pub f, C context) throws ProtocolException;

        void call(Call f, C context) throws ProtocolException;

        void register(Register f, C context) throws ProtocolException;

        void unregister(Unregister f, C context) throws ProtocolException;

        void yielded(Yield f, C context) throws ProtocolException;

        void watch(Watch f, C context) throws ProtocolException;

        void unwatch(Unwatch f, C context) throws ProtocolException;

        void patch(Patch f, C context) throws ProtocolException;

        void view(View f, C context) throws ProtocolException;

        void emit(Emit f, C context) throws ProtocolException;

        void input(Input f, C context) throws ProtocolException;

        void ack(Ack f, C context) throws ProtocolException;

        void ping(Ping f, C context) throws ProtocolException;

        void bye(Bye f, C context) throws ProtocolException;

        void pong(Pong f, C context) throws ProtocolException;

        void refresh(Refresh f, C context) throws ProtocolException;

        void history(History f, C context) throws ProtocolException;
    }

    record Hello(String client, String name, String kind, String token, Long resumeSeq, boolean batch)
            implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.hello(this, context);
        }
    }

    record Sub(String ch, String id, Since since) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.sub(this, context);
        }
    }

    record Unsub(String ch, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.unsub(this, context);
        }
    }

    record Pub(String ch, JsonValue data, String id, boolean retain) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.pub(this, context);
        }
    }

    /** {@code timeout} in ms; null means the protocol's default. */
    record Call(String ch, JsonValue data, String id, Long timeout) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.call(this, context);
        }
    }

    record Register(String ch, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.register(this, context);
        }
    }

    record Unregister(String ch, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.unregister(this, context);
        }
    }

    /** The answer to an invoke: {@code error} ({@code {"message","code"?}}) or else {@code data}. */
    record Yield(String invoke, JsonValue data, jakarta.json.JsonObject error) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.yielded(this, context);
        }
    }

    record Watch(String ch, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.watch(this, context);
        }
    }

    record Unwatch(String ch, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.unwatch(this, context);
        }
    }

    /** Exactly one of {@code merge} (RFC 7386) and {@code ops} (RFC 6902) is set. */
    record Patch(String ch, JsonValue merge, jakarta.json.JsonArray ops, Long base, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.patch(this, context);
        }
    }

    /** {@code device} null stops viewing. */
    record View(String device, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.view(this, context);
        }
    }

    record Emit(JsonValue data, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.emit(this, context);
        }
    }

    record Input(String device, JsonValue data, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.input(this, context);
        }
    }

    record Ack(long seq) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.ack(this, context);
        }
    }

    /** A new token for the live session, of the same user: it is not reconnected. */
    record Refresh(String token, String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.refresh(this, context);
        }
    }

    record Ping(String id) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.ping(this, context);
        }
    }

    record Bye() implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.bye(this, context);
        }
    }

    /**
     * A page of one channel's history: forward the messages after {@code since}, oldest first;
     * {@code reverse} those before it, newest first. {@code since} null starts at the oldest
     * (forward) or newest (reverse) held; {@code limit} null is the protocol's default.
     */
    record History(String ch, String id, Since since, Integer limit, boolean reverse) implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.history(this, context);
        }
    }

    /** The answer to a server's ping frame, on transports without a ping of their own (TCP): traffic, nothing more. */
    record Pong() implements ClientFrame {
        @Override
        public <C> void accept(Visitor<C> v, C context) throws ProtocolException {
            v.pong(this, context);
        }
    }

}
