package io.switchboard.hooks;

import io.switchboard.hub.HubEvent;
import io.switchboard.protocol.JsonText;

/** The body of a webhook POST: {@code {"id","type","at",...}} with the event's own fields (docs/hooks.md). */
final class WebhookJson {
    private WebhookJson() {
    }

    /** An instanceof chain, not a switch on the sealed type: the build targets Java 17. */
    static String of(String id, HubEvent event) {
        JsonText j = JsonText.object().str("id", id).str("type", event.type()).num("at", event.at());
        if (event instanceof HubEvent.Connected e) {
            j.str("client", e.client()).str("name", e.name()).str("inbox", e.inbox())
                    .str("user", e.user()).str("transport", e.transport()).bool("resumed", e.resumed());
        } else if (event instanceof HubEvent.Disconnected e) {
            j.str("client", e.client()).str("inbox", e.inbox()).str("user", e.user())
                    .str("transport", e.transport()).num("code", e.code()).bool("ended", e.ended());
        } else if (event instanceof HubEvent.Subscribed e) {
            j.str("ch", e.ch()).str("inbox", e.inbox());
        } else if (event instanceof HubEvent.Unsubscribed e) {
            j.str("ch", e.ch()).str("inbox", e.inbox());
        } else if (event instanceof HubEvent.Published e) {
            j.str("ch", e.ch()).num("off", e.off()).str("from", e.from()).bool("retain", e.retain()).raw("data", e.data());
        } else if (event instanceof HubEvent.Occupied e) {
            j.str("ch", e.ch());
        } else if (event instanceof HubEvent.Vacated e) {
            j.str("ch", e.ch());
        }
        return j.toString();
    }
}
