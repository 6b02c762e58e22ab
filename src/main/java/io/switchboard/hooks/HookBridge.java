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

    @Resource
    ManagedThreadFactory threads;

    private Webhooks webhooks;
    private ScheduledThreadPoolExecutor runner;
    private ExecutorService httpThreads;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        service.hub().events().listen(cdiEvents::fire);
        settings.hooksUrl().ifPresent(this::postTo);
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
