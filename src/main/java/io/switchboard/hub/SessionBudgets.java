package io.switchboard.hub;

import io.switchboard.sessions.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live sessions per authenticated user and per remote address (limits.sessionsPerUser, limits.sessionsPerAddress). The address bound
 * is for the transports whose sessions outlive their requests ({@code poll}); sockets are bound
 * by {@code limits.connectionsPerAddress}. A session is counted from {@link #admit} until it ends.
 */
final class SessionBudgets {
    private record Keys(String user, String address) {
    }

    private final int perUser;
    private final int perAddress;
    private final HubStats stats;
    private final Map<Session, Keys> counted = new ConcurrentHashMap<>();
    private final Map<String, Integer> users = new ConcurrentHashMap<>();
    private final Map<String, Integer> addresses = new ConcurrentHashMap<>();

    SessionBudgets(int perUser, int perAddress, HubStats stats) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.stats = stats;
    }

    /** Which address bound applies to a handshake: only poll sessions are counted by address. */
    static String addressOf(Handshake h) {
        return "poll".equals(h.transport()) ? h.remoteAddress() : null;
    }

    /** Whether a new session of {@code user} from {@code address} fits; null if so, else the bound it passes. */
    synchronized Budget admit(String user, String address) {
        if (user != null && users.getOrDefault(user, 0) >= perUser) {
            stats.overloaded(Budget.SESSIONS_PER_USER);
            return Budget.SESSIONS_PER_USER;
        }
        if (address != null && addresses.getOrDefault(address, 0) >= perAddress) {
            stats.overloaded(Budget.SESSIONS_PER_ADDRESS);
            return Budget.SESSIONS_PER_ADDRESS;
        }
        return null;
    }

    /** The session was made for an admitted opening: it counts until it ends. */
    synchronized void opened(Session s, String user, String address) {
        if (user == null && address == null) {
            return;
        }
        if (counted.putIfAbsent(s, new Keys(user, address)) == null) {
            if (user != null) {
                users.merge(user, 1, Integer::sum);
            }
            if (address != null) {
                addresses.merge(address, 1, Integer::sum);
            }
        }
    }

    synchronized void ended(Session s) {
        Keys k = counted.remove(s);
        if (k == null) {
            return;
        }
        if (k.user() != null) {
            users.computeIfPresent(k.user(), (u, n) -> n <= 1 ? null : n - 1);
        }
        if (k.address() != null) {
            addresses.computeIfPresent(k.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    synchronized int ofUser(String user) {
        return users.getOrDefault(user, 0);
    }

    synchronized int fromAddress(String address) {
        return addresses.getOrDefault(address, 0);
    }
}
