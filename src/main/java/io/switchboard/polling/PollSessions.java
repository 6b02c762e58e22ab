package io.switchboard.polling;

import io.switchboard.app.HubService;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.hub.Connection;
import io.switchboard.hub.Handshake;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.sessions.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The long-poll transport's state: for each polling client, the {@link Connection} its frames go
 * through and the {@link PollLink} its answers come from. Poll sessions are always resumable:
 * each answer carries every frame after the poll's {@code ack}, so a lost answer is
 * simply sent again by the next poll.
 */
@ApplicationScoped
public class PollSessions {
    private record Binding(Connection connection, PollLink link) {
    }

    /** A poll as the resource read it: {@code hello} is the first frame if it was one. */
    public record Poll(String client, Long ack, String hello, List<String> frames, long waitMillis, String userAgent,
                       String accessToken, String remoteAddress) {
    }

    @Inject
    HubService service;

    private final Map<String, Binding> byClient = new ConcurrentHashMap<>();

    /**
     * Carries out a poll; {@code answer} gets the JSON answer exactly once, now or later. Returns
     * what to run when the poll's wait is up.
     */
    public Runnable poll(Poll poll, Consumer<String> answer) throws ProtocolException {
        Binding b = poll.client() == null ? null : live(byClient.get(poll.client()));
        if (b != null && !sameUser(b, poll)) {
            // Client ids are not secret: a poll naming one with another user's token (or an
            // expired one) goes through the hello that refuses it, and never sees the binding.
            b = null;
        }
        if (b == null) {
            b = open(poll);
            if (b.connection().session() == null && b.link().closeCode() == 1013) {
                // No session was made: a budget (sessionsPerUser, sessionsPerAddress) refused it. HTTP says so with 503.
                throw new ProtocolException(ErrorCode.OVERLOADED,
                        "too many live sessions for this address or user (limits.sessionsPerAddress, limits.sessionsPerUser)");
            }
        } else {
            resume(b, poll.ack());
        }
        for (String frame : poll.frames()) {
            b.connection().receive(frame);
        }
        Session s = b.connection().session();
        String client = s == null ? poll.client() : s.client();
        Consumer<List<String>> reply = frames -> answer.accept(answer(client, frames));
        PollLink link = b.link();
        link.poll(poll.waitMillis(), reply);
        return () -> link.expire(reply);
    }

    /** A later poll: every frame after its ack is queued again; an ack beyond the last seq is bad_frame. */
    private static void resume(Binding b, Long ack) {
        b.connection().pong();
        Session s = b.connection().session();
        long last = s.lastSeq();
        long seq = ack == null || ack > last ? 0 : ack;
        s.attach(b.link(), seq, false, null);
        if (ack != null && ack > last) {
            b.connection().receive("{\"op\":\"ack\",\"seq\":" + ack + "}");
        }
    }

    /** With users on, whether the poll's token is valid and of the user who opened the session. */
    private boolean sameUser(Binding b, Poll poll) {
        Authenticator auth = service.hub().auth();
        if (auth == null) {
            return true;
        }
        String token = tokenOf(poll);
        Identity who = token == null ? null : auth.verify(token);
        Identity owner = b.connection().session().identity();
        return who != null && owner != null && owner.user().equals(who.user());
    }

    /** The hello's token wins over the request's, as it does in {@code Greeter}. */
    private static String tokenOf(Poll poll) {
        if (poll.hello() != null) {
            try (JsonReader r = Json.createReader(new StringReader(poll.hello()))) {
                if (r.readObject().get("token") instanceof JsonString t) {
                    return t.getString();
                }
            }
        }
        return poll.accessToken();
    }

    private Binding live(Binding b) {
        if (b == null || b.link().isClosed() || b.connection().session() == null || b.connection().session().ended()) {
            return null;
        }
        return b;
    }

    private Binding open(Poll poll) {
        PollLink link = new PollLink(service.flusher());
        Connection c = service.hub().connect(link, new Handshake("poll", poll.userAgent(), poll.remoteAddress(), poll.accessToken()));
        link.onTouch(c::pong);
        link.onClosed(c::closed);
        c.receive(poll.hello() != null ? poll.hello() : helloFor(poll));
        Binding b = new Binding(c, link);
        Session s = c.session();
        if (s != null) {
            byClient.put(s.client(), b);
            link.onClosed(code -> {
                c.closed(code);
                byClient.remove(s.client(), b);
            });
        }
        return b;
    }

    /** Without a hello the server makes a resumable session, or resumes the one the poll names. */
    private static String helloFor(Poll poll) {
        String client = poll.client() != null ? poll.client() : UUID.randomUUID().toString();
        JsonText hello = JsonText.op("hello").str("client", client);
        if (poll.ack() != null) {
            hello.raw("resume", "{\"seq\":" + poll.ack() + "}");
        }
        return hello.toString();
    }

    private static String answer(String client, List<String> frames) {
        StringBuilder sb = new StringBuilder(64 + frames.size() * 128).append("{\"client\":");
        JsonText.quote(sb, client == null ? "" : client);
        sb.append(",\"frames\":[");
        for (int i = 0; i < frames.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(frames.get(i));
        }
        return sb.append("]}").toString();
    }
}
