package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.auth.Action;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.devices.DeviceInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/devices}: the devices with a live session. */
@Path("/devices")
@Tag(name = "devices")
public class DevicesResource {
    @Inject
    HubService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List devices",
            description = "Every device with a live session the caller may view (subscribe grant on /devices/<name>): [{name, client, connected, since (ISO-8601), viewers}].")
    @APIResponse(responseCode = "200", description = "the devices, by name")
    public List<DeviceInfo> devices(@Context ContainerRequestContext request) {
        Identity who = Bearer.identity(request);
        return service.hub().devices().list().stream().filter(d -> visible(who, d)).toList();
    }

    /** Only devices the caller may view, i.e. subscribe to under {@code /devices/<name>}. */
    private boolean visible(Identity who, DeviceInfo d) {
        Authenticator auth = service.hub().auth();
        if (auth == null) {
            return true;
        }
        try {
            return who != null && auth.grants().allows(who.roles(), Action.SUBSCRIBE,
                    ChannelPattern.parse("/devices/" + d.name()));
        } catch (BadChannelException e) {
            return false;
        }
    }
}
