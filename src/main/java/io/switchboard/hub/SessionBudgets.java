package io.switchboard.hub;

import io.switchboard.sessions.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions per authenticated user and per remote address. A session is counted from the moment
 * {@link #admit} gives its opening a place until it ends, detached time included: a session that
 * waits for its client to resume holds memory as a connected one does. By address, sessions of
 * {@code poll} are held to limits.sessionsPerAddress; sessions of sockets (WebSocket, {@code /mux},
 * TCP) to limits.connectionsPerAddress, so a client that connects, says hello with a fresh client
 * id and vanishes, over and over, cannot pile up sessions past what its address may hold open.
 *
 * <p>Admitting takes the place at once, under the same lock as the check, so openings that race
 * cannot all pass a bound with one place left.
 */
final class SessionBudgets {
    /** A place held for a session being opened: bound to it by {@link #opened}, else {@link #release}d. */
    record Place(String user, String address, boolean socket, Budget over) {
        boolean refused() {
            return over != null;
        }
    }

    private final int perUser;
    private final int perAddress;
    private volatile int socketsPerAddress = Integer.MAX_VALUE;
    private final HubStats stats;
    private final Map<Session, Place> counted = new ConcurrentHashMap<>();
    private final Map<String, Integer> users = new ConcurrentHashMap<>();
    private final Map<String, Integer> pollAddresses = new ConcurrentHashMap<>();
    private final Map<String, Integer> socketAddresses = new ConcurrentHashMap<>();

    SessionBudgets(int perUser, int perAddress, HubStats stats) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.stats = stats;
    }

    /** Sessions of sockets one address may hold, live or detached (limits.connectionsPerAddress). */
    void limitSocketSessionsPerAddress(int max) {
        this.socketsPerAddress = max;
    }

    /** The bound a new session of this address and transport is held to. */
    int addressBound(Handshake h) {
        return "poll".equals(h.transport()) ? perAddress : socketsPerAddress;
    }

    /** A place for a new session of {@code user} opened by {@code h}, taken now; or the bound it passes. */
    synchronized Place admit(String user, Handshake h) {
        String address = h.remoteAddress();
        boolean socket = !"poll".equals(h.transport());
        Map<String, Integer> byAddress = socket ? socketAddresses : pollAddresses;
        if (user != null && users.getOrDefault(user, 0) >= perUser) {
            stats.overloaded(Budget.SESSIONS_PER_USER);
            return new Place(user, address, socket, Budget.SESSIONS_PER_USER);
        }
        if (address != null && byAddress.getOrDefault(address, 0) >= addressBound(h)) {
            stats.overloaded(Budget.SESSIONS_PER_ADDRESS);
            return new Place(user, address, socket, Budget.SESSIONS_PER_ADDRESS);
        }
        if (user != null) {
            users.merge(user, 1, Integer::sum);
        }
        if (address != null) {
            byAddress.merge(address, 1, Integer::sum);
        }
        return new Place(user, address, socket, null);
    }

    /** The session was made in this place: it counts until it ends. A session counted already gives the place back. */
    synchronized void opened(Session s, Place place) {
        if (counted.putIfAbsent(s, place) != null) {
            release(place);
        }
    }

    /** A place that no new session took (the opening failed, or found a session to resume). */
    synchronized void release(Place place) {
        if (place.user() != null) {
            users.computeIfPresent(place.user(), (u, n) -> n <= 1 ? null : n - 1);
        }
        if (place.address() != null) {
            (place.socket() ? socketAddresses : pollAddresses).computeIfPresent(place.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    synchronized void ended(Session s) {
        Place place = counted.remove(s);
        if (place != null) {
            release(place);
        }
    }
}
