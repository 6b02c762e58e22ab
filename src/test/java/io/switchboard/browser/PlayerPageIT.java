package io.switchboard.browser;

import io.switchboard.it.Deployments;
import io.switchboard.it.FaultyProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.switchboard.browser.Calls.Answer;
import io.switchboard.it.WsClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

/**
 * player.html in headless Chromium against the real hub: it registers as the callee of
 * {@code /players/<name>/control}, and calls over HTTP and /ws drive what it shows. Each test
 * opens its own player name, so the tests do not depend on each other's order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlayerPageIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @ArquillianResource
    URL base;

    private Calls calls;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    @BeforeEach
    void callsToThisHub() {
        calls = new Calls(base);
    }

    private PlayerPage open(String name) {
        return PlayerPage.open(browser, base, name);
    }

    private Answer call(PlayerPage page, String json) {
        return calls.call(page.channel(), json);
    }

    private Answer ok(PlayerPage page, String json) {
        Answer a = call(page, json);
        assertThat(a.status()).as("%s answered %s", json, a).isEqualTo(200);
        return a;
    }

    @Test
    void thePageRegistersAsTheCalleeOfItsChannelAndStartsPlaying() {
        PlayerPage tv = open("tv");
        assertThat(tv.connection().getText()).isEqualTo("Registered as /players/tv/control");
        JsonObject status = ok(tv, "{'cmd':'status'}").data();
        assertThat(status.getString("state")).isEqualTo("playing");
        assertThat(status.getJsonNumber("duration").doubleValue()).isEqualTo(120.0);
        assertThat(status.getString("src")).isEqualTo("bars");
        tv.awaitPlayback("Playing bars");
        assertThat(tv.button("Pause").isEnabled()).isTrue();
    }

    @Test
    void pauseOverHttpAnswersPausedAndStopsThePicture() {
        PlayerPage tv = open("pausing");
        Answer paused = ok(tv, "{'cmd':'pause'}");
        assertThat(paused.data().getString("state")).isEqualTo("paused");
        double at = paused.position();
        assertThat(at).isBetween(0.0, 120.0);
        tv.awaitPlayback("Paused at");
        assertThat(tv.button("Play").isDisplayed()).isTrue();
        await("the canvas shows the paused position").atMost(WAIT)
                .until(tv::drawnPosition, p -> Math.abs(p - at) < 0.002);
        long picture = tv.canvasHash();
        await("the paused picture stands still").during(Duration.ofMillis(800)).atMost(WAIT)
                .until(() -> Math.abs(tv.drawnPosition() - at) < 0.002 && tv.canvasHash() == picture);
        assertThat(ok(tv, "{'cmd':'status'}").position()).isEqualTo(at);
    }

    @Test
    void playThenStatusReportsAGrowingPositionAndThePictureMoves() {
        PlayerPage tv = open("playing");
        ok(tv, "{'cmd':'pause'}");
        tv.awaitPlayback("Paused");
        Answer playing = ok(tv, "{'cmd':'play'}");
        assertThat(playing.data().getString("state")).isEqualTo("playing");
        tv.awaitPlayback("Playing bars");
        assertThat(tv.button("Pause").isDisplayed()).isTrue();
        Answer first = ok(tv, "{'cmd':'status'}");
        assertThat(first.data().getString("state")).isEqualTo("playing");
        assertThat(first.position()).isGreaterThanOrEqualTo(playing.position());
        await("status reports a growing position").atMost(WAIT)
                .until(() -> ok(tv, "{'cmd':'status'}").position() > first.position());
        long picture = tv.canvasHash();
        double drawn = tv.drawnPosition();
        await("the playing picture moves").atMost(WAIT)
                .until(() -> tv.drawnPosition() > drawn && tv.canvasHash() != picture);
    }

    @Test
    void seekMovesThePositionInTheAnswerAndOnThePage() {
        PlayerPage tv = open("seeking");
        ok(tv, "{'cmd':'pause'}");
        Answer sought = ok(tv, "{'cmd':'seek','to':30}");
        assertThat(sought.data().getString("state")).isEqualTo("paused");
        assertThat(sought.position()).isCloseTo(30.0, within(0.01));
        tv.awaitPlayback("Paused at 0:30 (bars)");
        await("the time shows 0:30").atMost(WAIT).until(tv::timeShown, "0:30 / 2:00"::equals);
        assertThat(tv.seekSlider().getDomProperty("value")).isEqualTo("30");
        assertThat(tv.drawnPosition()).isCloseTo(30.0, within(0.001));
        assertThat(tv.screenLabel()).isEqualTo("Animation bars at 0:30");

        ok(tv, "{'cmd':'play'}");
        Answer whilePlaying = ok(tv, "{'cmd':'seek','to':90.5}");
        assertThat(whilePlaying.data().getString("state")).isEqualTo("playing");
        assertThat(whilePlaying.position()).isBetween(90.5, 91.5);
        await("the canvas shows 90.5 s on").atMost(WAIT).until(tv::drawnPosition, p -> p >= 90.5);
    }

    @Test
    void aSeekOutsideTheMediaOrWithoutANumberIsACalleeError() {
        PlayerPage tv = open("badseek");
        for (String to : List.of("-1", "120.5", "'30'", "null")) {
            Answer bad = call(tv, "{'cmd':'seek','to':" + to + "}");
            assertThat(bad.status()).as("seek to %s: %s", to, bad).isEqualTo(502);
            assertThat(bad.errorCode()).isEqualTo("callee_error");
            assertThat(bad.errorMessage()).contains("seek needs \"to\"");
        }
        Answer missing = call(tv, "{'cmd':'seek'}");
        assertThat(missing.status()).isEqualTo(502);
        assertThat(missing.errorMessage()).contains("not nothing");
    }

    @Test
    void loadSwitchesTheAnimation() {
        PlayerPage tv = open("loading");
        Answer loaded = ok(tv, "{'cmd':'load','src':'orbit'}");
        assertThat(loaded.data().getString("src")).isEqualTo("orbit");
        assertThat(loaded.data().getString("state")).isEqualTo("playing");
        assertThat(loaded.position()).isLessThan(1.0);
        await("the canvas draws orbit").atMost(WAIT).until(tv::drawnSource, "orbit"::equals);
        assertThat(tv.source().getFirstSelectedOption().getText()).isEqualTo("orbit");
        assertThat(tv.screenLabel()).startsWith("Animation orbit at ");
        tv.awaitPlayback("Playing orbit");

        Answer unknown = call(tv, "{'cmd':'load','src':'cartoons'}");
        assertThat(unknown.status()).isEqualTo(502);
        assertThat(unknown.errorCode()).isEqualTo("callee_error");
        assertThat(unknown.errorMessage()).contains("bars, orbit, waves").contains("cartoons");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("src")).isEqualTo("orbit");
    }

    @Test
    void anUnknownCommandIsACalleeErrorAndChangesNothing() {
        PlayerPage tv = open("unknown");
        Answer rewind = call(tv, "{'cmd':'rewind'}");
        assertThat(rewind.status()).as(rewind.toString()).isEqualTo(502);
        assertThat(rewind.errorCode()).isEqualTo("callee_error");
        assertThat(rewind.errorMessage()).contains("unknown cmd \"rewind\"");
        Answer notACommand = call(tv, "'pause'");
        assertThat(notACommand.status()).isEqualTo(502);
        assertThat(notACommand.errorCode()).isEqualTo("callee_error");
        await("the Calls list shows the refused call").atMost(WAIT)
                .until(() -> tv.calls().getText().contains("unknown cmd \"rewind\""));
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("playing");
    }

    @Test
    void theOnPageControlsDriveTheSamePlayer() {
        PlayerPage tv = open("local");
        tv.button("Pause").click();
        tv.awaitPlayback("Paused");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("paused");

        tv.seekSlider().sendKeys(Keys.END);
        await("End seeks to 120").atMost(WAIT).until(() -> ok(tv, "{'cmd':'status'}").position() == 120.0);
        tv.seekSlider().sendKeys(Keys.HOME, Keys.ARROW_RIGHT);
        await("Home then Right seeks to 1").atMost(WAIT).until(() -> ok(tv, "{'cmd':'status'}").position() == 1.0);
        assertThat(tv.timeShown()).isEqualTo("0:01 / 2:00");

        tv.source().selectByVisibleText("waves");
        await("the Source list loads waves").atMost(WAIT)
                .until(() -> ok(tv, "{'cmd':'status'}").data().getString("src").equals("waves"));

        tv.button("Play").click();
        tv.awaitPlayback("Playing waves");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("playing");
    }

    @Test
    void aCallOverTheWebSocketGetsTheStatusAsItsResult() {
        PlayerPage tv = open("ws");
        try (WsClient caller = WsClient.connect(Deployments.ws(base, "ws"))) {
            caller.send("{'op':'hello','kind':'service','name':'player-it-caller'}");
            assertThat(caller.next().getString("op")).isEqualTo("welcome");
            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'status'},'id':'c1'}");
            JsonObject result = caller.nextOp("result");
            assertThat(result.getString("id")).isEqualTo("c1");
            assertThat(result.getInt("seq")).isPositive();
            JsonObject data = result.getJsonObject("data");
            assertThat(data.getString("state")).isEqualTo("playing");
            assertThat(data.getString("src")).isEqualTo("bars");
            assertThat(data.getJsonNumber("duration").doubleValue()).isEqualTo(120.0);

            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'pause'},'id':'c2'}");
            JsonObject paused = caller.nextOp("result");
            assertThat(paused.getString("id")).isEqualTo("c2");
            assertThat(paused.getJsonObject("data").getString("state")).isEqualTo("paused");
            tv.awaitPlayback("Paused at");

            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'eject'},'id':'c3'}");
            JsonObject error = caller.nextOp("error");
            assertThat(error.getString("id")).isEqualTo("c3");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("callee_error");
            assertThat(error.getJsonObject("error").getString("message")).contains("unknown cmd \"eject\"");
        }
    }

    @Test
    void onceThePageIsClosedACallFindsNoCallee() {
        PlayerPage tv = open("closing");
        ok(tv, "{'cmd':'status'}");
        browser.get("about:blank");
        Answer gone = await("the call fails once the page is gone").atMost(WAIT)
                .until(() -> call(tv, "{'cmd':'status'}"), a -> a.status() != 200);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("no_callee");
    }

    @Test
    void aDroppedConnectionResumesTheSessionAndTheCallsComeThroughAgain() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            PlayerPage tv = PlayerPage.open(browser, through(proxy), "cut");
            String client = tv.sessionClient();
            tv.recordConnectionHistory();
            proxy.cutAll();
            await("the page shows a drop, then registered again").atMost(WAIT)
                    .until(() -> reconnectedAfterADrop(tv.connectionHistory(), tv.channel()));
            assertThat(tv.sessionClient()).isEqualTo(client);
            assertThat(tv.sessionResumed()).isTrue();
            Answer paused = await("a call reaches the reconnected page").atMost(WAIT)
                    .until(() -> call(tv, "{'cmd':'pause'}"), a -> a.status() == 200);
            assertThat(paused.data().getString("state")).isEqualTo("paused");
            tv.awaitPlayback("Paused at");
            browser.get("about:blank");
        }
    }

    @Test
    void aPlayerWhoseSessionEndedWhileItWasAwayRegistersAgain() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            PlayerPage tv = PlayerPage.open(browser, through(proxy), "forgotten");
            String client = tv.sessionClient();
            tv.recordConnectionHistory();
            proxy.refuse(true);
            // While the page cannot reach the hub, end its session: take it over, then say bye.
            try (WsClient thief = WsClient.connect(Deployments.ws(base, "ws"))) {
                thief.send("{'op':'hello','kind':'browser','client':'" + client + "','name':'player-forgotten'}");
                JsonObject welcome = thief.nextOp("welcome");
                assertThat(welcome.getBoolean("resumed")).as(welcome.toString()).isTrue();
                thief.send("{'op':'bye'}");
                assertThat(thief.awaitClose()).isEqualTo(1000);
            }
            Answer away = call(tv, "{'cmd':'status'}");
            assertThat(away.status()).as(away.toString()).isEqualTo(404);
            proxy.refuse(false);
            await("the page shows a drop, then registered again").atMost(WAIT)
                    .until(() -> reconnectedAfterADrop(tv.connectionHistory(), tv.channel()));
            assertThat(tv.sessionClient()).isEqualTo(client);
            assertThat(tv.sessionResumed()).isFalse();
            assertThat(ok(tv, "{'cmd':'status'}").data().getString("src")).isEqualTo("bars");
            browser.get("about:blank");
        }
    }

    private URL through(FaultyProxy proxy) throws Exception {
        return new URL("http", "127.0.0.1", proxy.port(), base.getPath());
    }

    private static boolean reconnectedAfterADrop(List<String> shown, String channel) {
        int drop = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).startsWith("Disconnected")) {
                drop = i;
            } else if (drop >= 0 && shown.get(i).equals("Registered as " + channel)) {
                return true;
            }
        }
        return false;
    }
}
