package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.security.JwtAuthenticator;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/token}: HTTP Basic in, a signed expiring token out. */
@Path("/token")
@Tag(name = "auth")
public class TokenResource {
    @Inject
    HubService service;

    public record Token(String token, String expires) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a token", description = "HTTP Basic with a configured user; answers {token, expires (ISO-8601)}.")
    @APIResponse(responseCode = "200", description = "{\"token\",\"expires\"}")
    @APIResponse(responseCode = "401", description = "unauthorized: no or wrong credentials")
    @APIResponse(responseCode = "404", description = "not_found: the hub runs without users")
    public Token token(@HeaderParam("Authorization") String authorization) throws ProtocolException {
        JwtAuthenticator jwt = service.tokens();
        if (jwt == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "this hub has no users of its own (switchboard.auth.users) to issue tokens for");
        }
        String[] user = basic(authorization);
        Set<String> roles = user == null ? null : service.users().authenticate(user[0], user[1]);
        if (roles == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "wrong user or password");
        }
        JwtAuthenticator.Issued t = jwt.issue(user[0], roles);
        return new Token(t.token(), t.expires().toString());
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
