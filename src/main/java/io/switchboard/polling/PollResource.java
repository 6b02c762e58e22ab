package io.switchboard.polling;

import io.switchboard.app.HubService;
import io.switchboard.http.Bearer;
import io.switchboard.http.JsonBodies;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.ProtocolException;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/poll}: the long-polling transport, on the same sessions as {@code /ws}. */
@Path("/poll")
@Tag(name = "poll")
public class PollResource {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final long MAX_WAIT_SECONDS = 55;

    @Inject
    PollSessions polls;

    @Inject
    HubService service;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Long-poll: send frames, receive the session's frames",
            description = "Body {\"client\"?, \"ack\"?, \"frames\":[...], \"wait\"? (s, default 25, max 55)}. Answers "
                    + "{\"client\", \"frames\":[...]} with every frame after ack as soon as there is one or wait passes. "
                    + "The first poll (no client) gets the welcome; a first frame that is a hello opens the session.")
    @APIResponse(responseCode = "200", description = "{\"client\":\"...\",\"frames\":[...]}")
    @APIResponse(responseCode = "400", description = "bad_json or bad_frame")
    @APIResponse(responseCode = "413", description = "too_large")
    @APIResponse(responseCode = "200", description = "a first poll past limits.sessionsPerAddress or limits.sessionsPerUser "
            + "answers frames [error overloaded] and opens no session")
    public void poll(byte[] body, @HeaderParam("User-Agent") String userAgent, @Suspended AsyncResponse response,
                     @Context ContainerRequestContext request,
                     @Context HttpServletRequest http)
            throws ProtocolException {
        PollSessions.Poll poll = read(service.hub().jsonInput(), body, userAgent, Bearer.token(request),
                http.getRemoteAddr());
        AtomicBoolean answered = new AtomicBoolean();
        AtomicReference<Runnable> expire = new AtomicReference<>(() -> { });
        response.setTimeoutHandler(r -> expire.get().run());
        response.setTimeout(Math.max(1, poll.waitMillis()), TimeUnit.MILLISECONDS);
        expire.set(polls.poll(poll, json -> {
            if (answered.compareAndSet(false, true)) {
                response.resume(Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build());
            }
        }));
    }

    private static PollSessions.Poll read(JsonInput input, byte[] body, String userAgent, String token,
                                          String address) throws ProtocolException {
        if (body.length > 4 * 1048576) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a poll body is at most 4 MiB");
        }
        JsonObject o = parse(input, JsonBodies.utf8(body));
        String client = o.get("client") instanceof JsonString s ? s.getString() : null;
        Long ack = o.get("ack") instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0 ? n.longValue() : null;
        if (o.containsKey("ack") && o.get("ack") != JsonValue.NULL && ack == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'ack' must be a non-negative integer");
        }
        long wait = o.get("wait") instanceof JsonNumber w ? Math.min(MAX_WAIT_SECONDS, Math.max(0, w.longValue())) : 25;
        List<String> frames = new ArrayList<>();
        JsonValue fs = o.get("frames");
        if (fs instanceof JsonArray a) {
            for (JsonValue f : a) {
                frames.add(f.toString());
            }
        } else if (fs != null && fs != JsonValue.NULL) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'frames' must be an array of frames");
        }
        String hello = null;
        if (!frames.isEmpty() && isHello(a(fs).get(0))) {
            hello = resumable(a(fs).get(0).asJsonObject());
            frames.remove(0);
        }
        return new PollSessions.Poll(client, ack, hello, frames, wait * 1000, userAgent, token, address);
    }

    private static JsonArray a(JsonValue v) {
        return v.asJsonArray();
    }

    private static boolean isHello(JsonValue f) {
        return f instanceof JsonObject o && o.get("op") instanceof JsonString s && "hello".equals(s.getString());
    }

    /** Poll sessions are resumable: a hello without a client gets one. */
    private static String resumable(JsonObject hello) {
        if (hello.containsKey("client")) {
            return hello.toString();
        }
        return JSON.createObjectBuilder(hello).add("client", UUID.randomUUID().toString()).build().toString();
    }

    private static JsonObject parse(JsonInput input, String text) throws ProtocolException {
        if (!(input.value(text) instanceof JsonObject o)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a poll body is a JSON object");
        }
        return o;
    }
}
