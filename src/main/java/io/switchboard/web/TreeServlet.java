package io.switchboard.web;

import io.switchboard.app.TreeService;
import io.switchboard.auth.Identity;
import io.switchboard.sockets.Admission;
import io.switchboard.sse.SseStreams;
import io.switchboard.tree.Listing;
import io.switchboard.tree.Visibility;
import io.switchboard.tree.TreePath;
import io.switchboard.websocket.TreeSockets;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /data/**} and {@code /chatrooms/**}: one URL, three ways (docs/web.md). A WebSocket upgrade
 * that no endpoint class took (the WebSocket container's filter runs first and takes
 * {@code /chatrooms/<room>/chat} and the like) is upgraded here onto the tree's sockets; a request
 * that accepts {@code text/event-stream} gets a stream ({@link TreeStreams}); anything else gets the
 * JSON listing. The Origin check (http.HttpGuard) has run before, as a filter.
 */
@WebServlet(urlPatterns = {"/data", "/data/*", "/chatrooms", "/chatrooms/*"}, asyncSupported = true)
public class TreeServlet extends HttpServlet {
    @Inject
    TreeService tree;

    @Inject
    SseStreams streams;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String raw = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        TreePath path = TreePath.parse(raw);
        if (path == null) {
            error(resp, 404, "not_found", "no node " + raw);
            return;
        }
        Identity who = null;
        if (tree.hub().auth() != null) {
            String token = token(req);
            who = token == null ? null : tree.hub().auth().verify(token);
            if (who == null) {
                error(resp, 401, "unauthorized", token == null ? "a bearer token is required" : "the token is not valid or has expired");
                return;
            }
        }
        boolean streamed = path.index() || path.isChannel();
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            if (!streamed || path.index() && !tree.tree().exists(path.node())) {
                error(resp, 404, "not_found", "no socket at " + raw);
            } else {
                TreeSockets.upgrade(req, resp, raw);
            }
        } else if (accepts(req, "text/event-stream") && streamed) {
            new TreeStreams(tree, streams).open(req, resp, path, who);
        } else {
            Visibility sight = Visibility.of(tree.hub().auth(), who);
            Listing listing = sight.node(path.node()) ? tree.tree().listing(path.node()) : null;
            if (listing == null) {
                error(resp, 404, "not_found", "no node " + path.node());
            } else {
                json(resp, 200, sight.filter(listing).toJson(tree.retained(who, path.node())));
            }
        }
    }

    static String token(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String q = req.getParameter("access_token");
        return q == null || q.isEmpty() ? null : q;
    }

    private static boolean accepts(HttpServletRequest req, String type) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains(type);
    }

    static void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        json(resp, status, Admission.error(code, message));
    }

    static void json(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
