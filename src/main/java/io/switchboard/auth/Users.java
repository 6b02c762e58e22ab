package io.switchboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configured users: {@code name:password[:role+role]}, comma separated. A user listed
 * without roles has the role {@code default}.
 */
public final class Users {
    public static final String DEFAULT_ROLE = "default";

    private record User(String name, byte[] password, Set<String> roles) {
    }

    private final Map<String, User> users = new LinkedHashMap<>();

    public static Users parse(String spec) {
        Users u = new Users();
        if (spec == null || spec.isBlank()) {
            return u;
        }
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length < 2 || parts[0].isBlank() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("switchboard.auth.users: '" + parts[0]
                        + "' is not name:password[:role+role]");
            }
            Set<String> roles = parts.length == 3 && !parts[2].isBlank() ? Set.of(parts[2].split("\\+")) : Set.of(DEFAULT_ROLE);
            u.users.put(parts[0], new User(parts[0], parts[1].getBytes(StandardCharsets.UTF_8), roles));
        }
        return u;
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The user's roles if the password is right, else null. Compares in constant time. */
    public Set<String> authenticate(String name, String password) {
        User u = users.get(name);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        boolean ok = u != null && MessageDigest.isEqual(u.password(), given);
        return ok ? u.roles() : null;
    }
}
