package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.hub.SessionInfo;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Server API's sessions (docs/admin.md): list, disconnect, subscribe and unsubscribe, on this node. */
@Path("/sessions")
@Tag(name = "admin")
public class SessionsResource {
    @Inject
    HubService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List sessions", description = "This node's live sessions: [{client, name, user, kind, "
            + "transport, connected, since (ISO-8601), subscriptions, queued}]. Needs admin:/** (or loopback with no users).")
    @APIResponse(responseCode = "200", description = "the sessions, oldest first")
    @APIResponse(responseCode = "403", description = "forbidden: no admin grant, or not loopback on an open hub")
    public List<SessionInfo> sessions(@Context ContainerRequestContext request, @Context HttpServletRequest http) throws ProtocolException {
        admin(request, http);
        return service.hub().sessionList();
    }

    @DELETE
    @Path("{client}")
    @Operation(summary = "Disconnect a session", description = "Ends the session: its connection closes with 4003 "
            + "\"disconnected by admin\" and it cannot be resumed.")
    @APIResponse(responseCode = "204", description = "ended")
    @APIResponse(responseCode = "404", description = "not_found: no such session on this node")
    public Response disconnect(@PathParam("client") String client,
                               @Context ContainerRequestContext request, @Context HttpServletRequest http) throws ProtocolException {
        admin(request, http);
        service.hub().disconnect(client);
        return Response.noContent().build();
    }

    @POST
    @Path("{client}/subscriptions")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a session", description = "Body {\"ch\": pattern}. The session is told by "
            + "{\"op\":\"subscribed\",\"ch\",\"by\":\"admin\"} and then gets the channel's messages as for its own sub.")
    @APIResponse(responseCode = "200", description = "{\"client\",\"ch\",\"changed\"}: changed is false if it was subscribed already")
    @APIResponse(responseCode = "400", description = "bad_channel or bad_json")
    @APIResponse(responseCode = "404", description = "not_found: no such session on this node")
    public Changed subscribe(@PathParam("client") String client, byte[] body,
                             @Context ContainerRequestContext request, @Context HttpServletRequest http) throws ProtocolException {
        admin(request, http);
        String ch = channelOf(body);
        return new Changed(client, ch, service.hub().subscribeFor(client, ch));
    }

    @DELETE
    @Path("{client}/subscriptions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Unsubscribe a session", description = "?ch=pattern. The session is told by "
            + "{\"op\":\"unsubscribed\",\"ch\",\"by\":\"admin\"} if it was subscribed.")
    @APIResponse(responseCode = "200", description = "{\"client\",\"ch\",\"changed\"}: changed is false if it was not subscribed")
    public Changed unsubscribe(@PathParam("client") String client, @QueryParam("ch") String ch,
                               @Context ContainerRequestContext request, @Context HttpServletRequest http) throws ProtocolException {
        admin(request, http);
        if (ch == null) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, "?ch= names the pattern to unsubscribe");
        }
        return new Changed(client, ch, service.hub().unsubscribeFor(client, ch));
    }

    /** What a subscribe or unsubscribe did: {@code changed} is false when there was nothing to do. */
    public record Changed(String client, String ch, boolean changed) {
    }

    private String channelOf(byte[] body) throws ProtocolException {
        JsonValue v = service.hub().jsonInput().value(JsonBodies.utf8(body));
        JsonValue ch = v instanceof JsonObject o ? o.get("ch") : null;
        if (!(ch instanceof JsonString s)) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, "the body is {\"ch\": pattern}");
        }
        return s.getString();
    }

    private void admin(ContainerRequestContext request, HttpServletRequest http) throws ProtocolException {
        AdminAccess.check(service.hub().auth(), Bearer.identity(request), http.getRemoteAddr());
    }
}
