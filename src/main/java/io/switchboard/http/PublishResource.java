package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.Message;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/publish")
@Tag(name = "publish")
public class PublishResource {
    @Inject
    HubService service;

    public record Published(long off) {
    }

    @POST
    @Path("{channel: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish the JSON body on a channel",
            description = "Routes the body as the message's data to every subscriber of the channel.")
    @APIResponse(responseCode = "200", description = "Published; the message's hub-wide offset: {\"off\":N}")
    @APIResponse(responseCode = "400", description = "bad_json or bad_channel")
    @APIResponse(responseCode = "403", description = "forbidden: system channels")
    @APIResponse(responseCode = "413", description = "too_large: the body is over limits.frame bytes")
    public Published publish(@PathParam("channel") String channel,
                             @Parameter(description = "keep as the channel's retained value")
                             @QueryParam("retain") @DefaultValue("false") boolean retain,
                             byte[] body, @jakarta.ws.rs.core.Context jakarta.ws.rs.container.ContainerRequestContext request)
            throws ProtocolException {
        String data = JsonBodies.parse(service.hub().jsonInput(), body, service.hub().limits().frame());
        Message m = service.hub().publish(channel, data, retain, null, Bearer.identity(request));
        return new Published(m.off());
    }
}
