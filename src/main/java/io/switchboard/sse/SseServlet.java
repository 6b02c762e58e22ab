package io.switchboard.sse;

import io.switchboard.app.HubService;
import io.switchboard.auth.Action;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.http.Bearer;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /sse/<pattern>}: the pattern's messages as server-sent events (docs/sse.md). A plain
 * servlet rather than JAX-RS: JAX-RS lives under /api, and its SseEventSink writes block the
 * calling thread when a client stops reading, where {@link SseStream} never does.
 */
@WebServlet(urlPatterns = "/sse/*", asyncSupported = true)
public class SseServlet extends HttpServlet {
    @Inject
    HubService service;

    @Inject
    SseStreams streams;

    private MsgEvents events;

    @PostConstruct
    void makeEvents() {
        events = new MsgEvents(service.hub().epoch());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Hub hub = service.hub();
        ChannelPattern pattern;
        Identity who;
        try {
            pattern = pattern(req.getPathInfo());
            who = identity(hub, req);
            hub.require(who, Action.SUBSCRIBE, pattern);
        } catch (ProtocolException e) {
            refuse(resp, e.code(), e.getMessage());
            return;
        }
        if (streams.refusedForAddress(req, resp)) {
            return;
        }
        PatternStream sub = new PatternStream(hub, pattern, events);
        SseStream stream = streams.open(req, resp, sub::ended);
        if (who != null) {
            stream.closeAt(who.expiresAt());
        }
        sub.start(stream, EventPosition.of(req.getHeader("Last-Event-ID"), req.getParameter("lastEventId")));
    }

    private static ChannelPattern pattern(String path) throws ProtocolException {
        try {
            return ChannelPattern.parse(path == null ? "" : path);
        } catch (BadChannelException e) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, e.getMessage());
        }
    }

    /** With auth on, a valid token is needed; an open hub has no identities. */
    private static Identity identity(Hub hub, HttpServletRequest req) throws ProtocolException {
        if (hub.auth() == null) {
            return null;
        }
        String token = Bearer.tokenOf(req.getHeader("Authorization"), req.getParameter("access_token"));
        Identity who = token == null ? null : hub.auth().verify(token);
        if (who == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, token == null ? "a bearer token is required"
                    : "the token is not valid or has expired");
        }
        return who;
    }

    /** The /api error body, for a stream refused before it started. */
    private static void refuse(HttpServletResponse resp, ErrorCode code, String message) throws IOException {
        resp.setStatus(code.httpStatus());
        if (code == ErrorCode.UNAUTHORIZED) {
            resp.setHeader("WWW-Authenticate", "Bearer");
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        String body = "{\"error\":{\"code\":\"" + code.wire() + "\",\"message\":" + JsonText.quote(message) + "}}";
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
