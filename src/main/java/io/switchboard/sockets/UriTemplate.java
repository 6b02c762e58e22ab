package io.switchboard.sockets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket URI template as {@code @ServerEndpoint} writes it (Jakarta WebSocket section 3.1.1):
 * literal segments and {@code {name}} variables, each variable matching exactly one non-empty
 * segment. A path matches if it has as many segments and every literal segment is equal.
 */
public record UriTemplate(String value, List<String> segments) {

    public UriTemplate {
        segments = List.copyOf(segments);
    }

    public static UriTemplate parse(String value) {
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("a URI template starts with /: " + value);
        }
        return new UriTemplate(value, split(value));
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    public static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    public boolean isLiteral(int i) {
        return !isVariable(segments.get(i));
    }

    public int depth() {
        return segments.size();
    }

    /** The path parameters if the path matches, else null. Trailing slashes do not match. */
    public Map<String, String> match(String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            return null;
        }
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String t = segments.get(i);
            if (isVariable(t)) {
                params.put(t.substring(1, t.length() - 1), parts.get(i));
            } else if (!t.equals(parts.get(i))) {
                return null;
            }
        }
        return params;
    }

    /**
     * Orders templates that match the same path, most specific first: the first segment where
     * they differ decides, a literal beating a variable (the specification's rule).
     */
    public int compareSpecificity(UriTemplate other) {
        int n = Math.min(depth(), other.depth());
        for (int i = 0; i < n; i++) {
            boolean mine = isLiteral(i);
            if (mine != other.isLiteral(i)) {
                return mine ? -1 : 1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
