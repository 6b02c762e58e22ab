package io.switchboard.sockets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a socket's opening handshake said: the path asked for (without the context root or query),
 * the template's path parameters, the query parameters, the User-Agent, the peer's address and the
 * token ({@code access_token} query parameter, else an {@code Authorization: Bearer} header).
 * {@code transport} names the carrier: {@code ws} for a direct WebSocket, {@code mux} for a topic.
 */
public record SocketRequest(String transport, String path, Map<String, String> pathParams,
                            Map<String, List<String>> query, String userAgent, String remoteAddress, String token) {

    public SocketRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The same handshake routed to a template: path parameters filled in. */
    public SocketRequest withPathParams(Map<String, String> params) {
        return new SocketRequest(transport, path, params, query, userAgent, remoteAddress, token);
    }

    /**
     * The request a topic of a multiplexing socket makes: {@code topic} is another path of this
     * server, optionally with a query of its own. The multiplexer's User-Agent, address and token
     * carry over (a token on the {@code /mux} handshake covers its topics) unless the
     * topic names an {@code access_token} itself.
     */
    public SocketRequest forTopic(String transport, String topic) {
        int q = topic.indexOf('?');
        String path = q < 0 ? topic : topic.substring(0, q);
        Map<String, List<String>> params = q < 0 ? Map.of() : parseQuery(topic.substring(q + 1));
        String own = params.containsKey("access_token") ? params.get("access_token").get(0) : null;
        return new SocketRequest(transport, path, Map.of(), params, userAgent, remoteAddress, own != null ? own : token);
    }

    public static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
