package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.chrome.ChromeDriver;
import io.switchboard.it.Deployments;

/**
 * chat.html in two headless Chromium browsers against the real hub: two people talking in one
 * room, the room list following rooms as they come and go, and the same page code with direct
 * sockets and with the multiplexed ones ({@code ?mux=1}), which use one connection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatPageIT {
    private static ChromeDriver annsBrowser;
    private static ChromeDriver bobsBrowser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    @BeforeAll
    static void startBrowsers() {
        annsBrowser = Chromium.start();
        bobsBrowser = Chromium.start();
        ChatPage.countSockets(annsBrowser);
        ChatPage.countSockets(bobsBrowser);
    }

    @AfterAll
    static void quitBrowsers() {
        for (ChromeDriver b : new ChromeDriver[] {annsBrowser, bobsBrowser}) {
            if (b != null) {
                b.quit();
            }
        }
    }

    @ParameterizedTest(name = "multiplexed={0}")
    @ValueSource(booleans = {false, true})
    void twoPeopleTalkInARoomAndTheRoomListFollowsRoomsLive(boolean mux) {
        String room = mux ? "mux-room" : "direct-room";
        String side = room + "-side";
        ChatPage ann = ChatPage.open(annsBrowser, base, "ann", room, mux);
        ChatPage bob = ChatPage.open(bobsBrowser, base, "bob", room, mux);

        ann.say("hello bob");
        bob.awaitMessages(List.of("ann: hello bob"));
        bob.say("hi ann");
        ann.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));
        bob.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));

        ann.awaitRooms(rooms -> rooms.contains(room) && !rooms.contains(side), "to list " + room + " only");
        bob.join(side);
        bob.awaitStatus("In " + side + " as bob");
        ann.awaitRooms(rooms -> rooms.contains(side), "to show " + side + " once bob is in it");
        bob.say("anyone here?");
        bob.awaitMessages(List.of("bob: anyone here?"));
        ann.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));

        bobsBrowser.get(base + "chat.html?name=bob" + (mux ? "&mux=1" : "") + "#" + room);
        bob.awaitStatus("In " + room + " as bob");
        ann.awaitRooms(rooms -> !rooms.contains(side), "to drop " + side + " once nobody is in it");

        String mine = Deployments.ws(base, "").toString();
        if (mux) {
            assertThat(ann.sockets()).as("ann's page, multiplexed").containsExactly(mine + "mux");
        } else {
            assertThat(ann.sockets()).as("ann's page, direct").containsExactlyInAnyOrder(
                    mine + "chatrooms/" + room + "/chat?name=ann", mine + "chatrooms");
        }
        annsBrowser.get("about:blank");
        bobsBrowser.get("about:blank");
    }
}
