package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.rpc.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/call/<channel>}: a call over HTTP; the callee's answer is the response body. */
@Path("/call")
@Tag(name = "call")
public class CallResource {
    @Inject
    HubService service;

    @POST
    @Path("{channel: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call the channel's callee with the JSON body",
            description = "One connected callee registered for the channel answers; its result is the body (null included).")
    @APIResponse(responseCode = "200", description = "the callee's result")
    @APIResponse(responseCode = "400", description = "bad_json or bad_channel")
    @APIResponse(responseCode = "404", description = "no_callee: no connected callee is registered")
    @APIResponse(responseCode = "413", description = "too_large")
    @APIResponse(responseCode = "502", description = "callee_error (the callee answered an error) or callee_gone")
    @APIResponse(responseCode = "504", description = "timeout: no answer within timeout ms (default 10000)")
    public void call(@PathParam("channel") String channel,
                     @QueryParam("timeout") @DefaultValue("10000") long timeout,
                     byte[] body, @Suspended AsyncResponse response,
                     @jakarta.ws.rs.core.Context jakarta.ws.rs.container.ContainerRequestContext request)
            throws ProtocolException {
        String data = JsonBodies.parse(service.hub().jsonInput(), body, service.hub().limits().frame());
        service.hub().call(new Caller() {
            @Override
            public void result(String dataJson) {
                response.resume(Response.ok(dataJson, MediaType.APPLICATION_JSON_TYPE).build());
            }

            @Override
            public void failed(ErrorCode code, String message) {
                response.resume(ApiError.of(code, message));
            }
        }, "/" + channel, data, timeout, Bearer.identity(request));
    }
}
