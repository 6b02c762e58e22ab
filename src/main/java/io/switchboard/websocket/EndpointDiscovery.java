package io.switchboard.websocket;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the application's {@code @ServerEndpoint} classes when the WAR starts: the servlet
 * container scans the WAR for them ({@link HandlesTypes}) and hands them here, so an endpoint class
 * becomes a node of the socket tree with no other registration. Registered through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}; the set is kept as a
 * context attribute for {@link Sockets}, which builds the routes from it.
 */
@HandlesTypes(ServerEndpoint.class)
public class EndpointDiscovery implements ServletContainerInitializer {
    static final String CLASSES = EndpointDiscovery.class.getName() + ".classes";

    @Override
    public void onStartup(Set<Class<?>> found, ServletContext context) {
        Set<Class<?>> endpoints = new LinkedHashSet<>();
        if (found != null) {
            for (Class<?> c : found) {
                if (c.isAnnotationPresent(ServerEndpoint.class)) {
                    endpoints.add(c);
                }
            }
        }
        context.setAttribute(CLASSES, Set.copyOf(endpoints));
        context.log("Switchboard socket endpoints: " + endpoints.stream().map(c -> c.getAnnotation(ServerEndpoint.class).value()).toList());
    }
}
