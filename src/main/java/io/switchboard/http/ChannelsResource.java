package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.ChannelCount;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/channels?pattern=}: the Server API's live channels with their subscribers on this node. */
@Path("/channels")
@Tag(name = "admin")
public class ChannelsResource {
    @Inject
    HubService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List live channels", description = "[{ch, subscribers, pattern}]: channels with history, a "
            + "retained value or a subscriber by name that ?pattern= (default /**) matches, then the wildcard patterns "
            + "subscribed to. 400 bad_channel for a bad pattern.")
    public List<ChannelCount> channels(@QueryParam("pattern") String pattern, @Context ContainerRequestContext request,
                                       @Context HttpServletRequest http) throws ProtocolException {
        AdminAccess.check(service.hub().auth(), Bearer.identity(request), http.getRemoteAddr());
        return service.hub().channelList(pattern);
    }
}
