package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ProtocolException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code DELETE /api/users/<user>/sessions}: the Server API ends every session of a user on this node. */
@Path("/users")
@Tag(name = "admin")
public class UsersResource {
    @Inject
    HubService service;

    public record Disconnected(String user, int disconnected) {
    }

    @DELETE
    @Path("{user}/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Disconnect a user", description = "Ends every session of the user on this node (4003, not "
            + "resumable); answers how many.")
    public Disconnected disconnect(@PathParam("user") String user, @Context ContainerRequestContext request,
                                   @Context HttpServletRequest http) throws ProtocolException {
        AdminAccess.check(service.hub().auth(), Bearer.identity(request), http.getRemoteAddr());
        return new Disconnected(user, service.hub().disconnectUser(user));
    }
}
