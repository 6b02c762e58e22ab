package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/history/<channel>}: a page of one channel's history, the same JSON the
 * {@code history} op answers (without an id). The query parameters are read as text so that a
 * malformed one is {@code bad_frame}, as over a socket, rather than the framework's 404.
 */
@Path("/history")
@Tag(name = "history")
public class HistoryResource {
    @Inject
    HubService service;

    @GET
    @Path("{channel: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A page of a channel's history",
            description = "{op:history, ch, epoch, top, msgs:[{off, data, at}], gap?, more}. Forward (the default): "
                    + "the messages after since, oldest first; reverse=true: those before since, newest first. "
                    + "Ask the next page from the last message's off. Needs the subscribe grant; inboxes are not readable over HTTP.")
    @APIResponse(responseCode = "200", description = "the page")
    @APIResponse(responseCode = "400", description = "bad_channel (a pattern included) or bad_frame (since, limit, reverse)")
    @APIResponse(responseCode = "403", description = "forbidden: no subscribe grant, or an inbox")
    public String history(@PathParam("channel") String channel,
                          @Parameter(description = "an offset: forward, messages after it; reverse, messages before it")
                          @QueryParam("since") String since,
                          @Parameter(description = "the epoch since belongs to (default: the current one)")
                          @QueryParam("epoch") String epoch,
                          @Parameter(description = "at most this many messages, 1..1000 (default 100)")
                          @QueryParam("limit") String limit,
                          @Parameter(description = "true: newest first, older than since")
                          @QueryParam("reverse") String reverse,
                          @Context ContainerRequestContext request) throws ProtocolException {
        Since from = since == null ? null : new Since(number("since", since, Long.MAX_VALUE), epoch);
        Integer n = limit == null ? null : (int) number("limit", limit, Integer.MAX_VALUE);
        return ServerFrames.history(null, service.hub().history("/" + channel, from, n, flag(reverse),
                Bearer.identity(request), null));
    }

    private static long number(String name, String text, long max) throws ProtocolException {
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return Math.min(v, max);
            }
        } catch (NumberFormatException e) {
            // falls through: the same answer as a negative number
        }
        throw new ProtocolException(ErrorCode.BAD_FRAME, "'" + name + "' must be a non-negative integer");
    }

    private static boolean flag(String text) throws ProtocolException {
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true") || text.isEmpty()) {
            return true;
        }
        throw new ProtocolException(ErrorCode.BAD_FRAME, "'reverse' must be true or false");
    }
}
