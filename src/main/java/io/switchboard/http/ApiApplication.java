package io.switchboard.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Switchboard HTTP API", version = "1.3",
        description = "Publish to the hub, call, and read history over HTTP. The WebSocket protocol is described in docs/protocol.md."))
public class ApiApplication extends Application {
}
