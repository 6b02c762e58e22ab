package io.switchboard.http;

import io.switchboard.app.HubService;
import io.switchboard.protocol.JsonText;
import io.switchboard.security.WebOrigins;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Every HTTP request, WebSocket handshakes included, passes here before anything reads it:
 * <ol>
 * <li>a {@code Host} the hub is not named by is 403 (DNS rebinding);</li>
 * <li>a handshake or a state-changing request ({@code POST}, {@code PUT}, {@code PATCH},
 *     {@code DELETE}) with a foreign {@code Origin} is 403; requests without one (devices,
 *     services, curl) pass;</li>
 * <li>a state-changing request with a body must say {@code application/json} (415): a page may
 *     post {@code text/plain} cross-origin without asking, never JSON;</li>
 * <li>a body over {@code limits.hardFrame} bytes is 413 from its {@code Content-Length}, before a
 *     byte of it is read; a body without a length (chunked) is 411.</li>
 * </ol>
 * Runs before the WebSocket container's own filter, which the container maps after declared ones.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpGuard extends HttpFilter {
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    HubService service;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        WebOrigins web = service.webOrigins();
        String host = req.getHeader("Host");
        String origin = req.getHeader("Origin");
        boolean handshake = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
        boolean changing = CHANGING.contains(req.getMethod().toUpperCase(Locale.ROOT));
        if (!web.hostAllowed(host)) {
            refuse(res, 403, "forbidden", "host '" + host + "' is not one of this hub's names (switchboard.hosts)");
        } else if ((handshake || changing) && origin != null && !web.originAllowed(origin, host)) {
            refuse(res, 403, "forbidden", "origin '" + origin + "' is not allowed (switchboard.origins)");
        } else if (changing && hasBody(req) && !isJson(req.getContentType())) {
            refuse(res, 415, "bad_json", "a request body is sent as application/json");
        } else if (changing && req.getContentLengthLong() > service.hub().limits().hardFrame()) {
            refuse(res, 413, "too_large", "body is over limits.hardFrame (" + service.hub().limits().hardFrame() + " bytes)");
        } else if (changing && req.getContentLengthLong() < 0 && hasBody(req)) {
            refuse(res, 411, "bad_json", "a request body needs a Content-Length");
        } else {
            chain.doFilter(req, res);
        }
    }

    private static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    /** {@code application/json} or any {@code +json} type, with or without parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static void refuse(HttpServletResponse res, int status, String code, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        byte[] body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":" + JsonText.quote(message) + "}}")
                .getBytes(StandardCharsets.UTF_8);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
