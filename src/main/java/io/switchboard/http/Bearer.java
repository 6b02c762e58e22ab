package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.auth.Identity;
import io.switchboard.protocol.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * With auth on, every /api call but {@code /api/token} needs a token: {@code Authorization: Bearer}
 * or, where headers cannot be set, {@code ?access_token=}. The identity is kept on the
 * request for the resources' grant checks.
 */
@Provider
public class Bearer implements ContainerRequestFilter {
    static final String IDENTITY = "switchboard.identity";
    static final String TOKEN = "switchboard.token";

    @Inject
    HubService service;

    @Override
    public void filter(ContainerRequestContext request) {
        if (service.hub().auth() == null || request.getUriInfo().getPath().startsWith("token")) {
            return;
        }
        String token = tokenOf(request);
        Identity who = token == null ? null : service.hub().auth().verify(token);
        if (who == null) {
            request.abortWith(ApiError.of(ErrorCode.UNAUTHORIZED, token == null ? "a bearer token is required"
                    : "the token is not valid or has expired"));
            return;
        }
        request.setProperty(IDENTITY, who);
        request.setProperty(TOKEN, token);
    }

    private static String tokenOf(ContainerRequestContext request) {
        List<String> q = request.getUriInfo().getQueryParameters().get("access_token");
        return tokenOf(request.getHeaderString("Authorization"), q == null || q.isEmpty() ? null : q.get(0));
    }

    /** The token of an {@code Authorization} header ({@code Bearer ...}), else the {@code access_token} parameter's. */
    public static String tokenOf(String authorization, String accessToken) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return accessToken;
    }

    /** The caller's identity (null when the hub runs open). */
    public static Identity identity(ContainerRequestContext request) {
        return (Identity) request.getProperty(IDENTITY);
    }

    /** The caller's token as sent (null when the hub runs open). */
    public static String token(ContainerRequestContext request) {
        return (String) request.getProperty(TOKEN);
    }
}
