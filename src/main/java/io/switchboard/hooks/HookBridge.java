package io.switchboard.hooks;

import io.switchboard.app.HubService;
import io.switchboard.app.HubSettings;
import io.switchboard.hub.HubEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Hands the hub's events to the application (docs/hooks.md): each is fired as a CDI event, which
 * beans of the WAR observe by its type ({@code @Observes HubEvent.Connected}, or {@code HubEvent}
 * for all), on the hub's event thread; and, with {@code switchboard.hooks.url} set, POSTed there by
 * {@link Webhooks}.
 */
@ApplicationScoped
public class HookBridge {
    private static final System.Logger LOG = System.getLogger(HookBridge.class.getName());

    @Inject
    HubService service;

    @Inject
    HubSettings settings;

    @Inject
    Event<HubEvent> cdiEvents;

    @Inject
    jakarta.enterprise.inject.spi.BeanManager beans;

    @Resource
    ManagedThreadFactory threads;

    private Webhooks webhooks;
    private ScheduledThreadPoolExecutor runner;
    private ExecutorService httpThreads;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        java.util.Set<Class<?>> observed = observedTypes();
        if (!observed.isEmpty()) {
            // Only the types someone observes: a WAR that watches occupancy pays nothing per publish.
            service.hub().events().listen(e -> {
                if (observed.contains(e.getClass())) {
                    cdiEvents.fire(e);
                }
            });
            LOG.log(System.Logger.Level.INFO, "hub events observed by the application: {0}", observed);
        }
        settings.hooksUrl().ifPresent(this::postTo);
    }

    /** The event types some bean of the WAR observes (by its own type, or as any HubEvent). */
    private java.util.Set<Class<?>> observedTypes() {
        java.util.Set<Class<?>> types = new java.util.HashSet<>();
        for (HubEvent sample : java.util.List.<HubEvent>of(new HubEvent.Connected(null, null, null, null, null, false, 0),
                new HubEvent.Disconnected(null, null, null, null, 0, false, 0), new HubEvent.Subscribed(null, null, 0),
                new HubEvent.Unsubscribed(null, null, 0), new HubEvent.Published(null, 0, null, false, null, 0),
                new HubEvent.Occupied(null, 0), new HubEvent.Vacated(null, 0))) {
            if (!beans.resolveObserverMethods(sample).isEmpty()) {
                types.add(sample.getClass());
            }
        }
        return types;
    }

    private void postTo(String url) {
        if (settings.hooksSecret().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "switchboard.hooks.url without switchboard.hooks.secret: "
                    + "webhook events are sent unsigned");
        }
        runner = new ScheduledThreadPoolExecutor(1, threads);
        runner.setRemoveOnCancelPolicy(true);
        httpThreads = Executors.newCachedThreadPool(threads);
        HttpClient client = HttpClient.newBuilder().executor(httpThreads)
                .connectTimeout(Duration.ofMillis(settings.hooksTimeout())).build();
        webhooks = new Webhooks(URI.create(url), settings.hooksSecret().orElse(null), settings.hooksQueue(),
                settings.hooksRetry(), settings.hooksMaxRetry(), settings.hooksTimeout(), runner, client);
        service.hub().events().listen(webhooks::offer);
        LOG.log(System.Logger.Level.INFO, "hub events are POSTed to {0}", url);
    }

    /** The webhook sender, or null without switchboard.hooks.url. */
    public Webhooks webhooks() {
        return webhooks;
    }

    @PreDestroy
    void stop() {
        if (webhooks != null) {
            webhooks.stop();
            runner.shutdownNow();
            httpThreads.shutdownNow();
        }
    }
}
