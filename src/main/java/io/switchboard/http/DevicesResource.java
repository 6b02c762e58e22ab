package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.devices.DeviceInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/devices}: the devices with a live session (section 7). */
@Path("/devices")
@Tag(name = "devices")
public class DevicesResource {
    @Inject
    HubService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List devices",
            description = "Every device with a live session: [{name, client, connected, since (ISO-8601), viewers}].")
    @APIResponse(responseCode = "200", description = "the devices, by name")
    public List<DeviceInfo> devices() {
        return service.hub().devices().list();
    }
}
