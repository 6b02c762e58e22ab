package io.switchboard.browser;

import io.switchboard.examples.weather.WeatherStation;
import io.switchboard.it.Deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

/**
 * dashboard.html in headless Chromium against the real hub, with a device the test drives itself
 * ({@link BenchDevice}, a raw JDK WebSocket): the device is listed with its presence, its retained
 * view is rendered, its emits update the page, and the page's controls send it input frames.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEVICE = "bench-weather";
    private static final String VIEW = """
            {'title':'Weather station','components':[
              {'type':'number','id':'temp','label':'Temperature','unit':'°C'},
              {'type':'gauge','id':'hum','label':'Humidity','min':0,'max':100,'unit':'%'},
              {'type':'chart','id':'temp','label':'Temperature (last 60)'},
              {'type':'button','id':'reset','label':'Reset'},
              {'type':'toggle','id':'fan','label':'Fan'},
              {'type':'text','id':'note','label':'Note'},
              {'type':'compass','id':'dir','label':'Wind'}]}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    private BenchDevice device;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    @BeforeEach
    void connectTheDevice() {
        device = BenchDevice.connect(Deployments.ws(base, "ws"), DEVICE);
        device.publishView(VIEW);
    }

    @AfterEach
    void disconnectTheDevice() {
        if (device != null) {
            device.bye();
        }
    }

    /** Opens the dashboard and the device's view, and waits until the hub counts the page as a viewer. */
    private DashboardPage openTheDevice() {
        DashboardPage page = DashboardPage.open(browser, base);
        page.device(DEVICE, true).click();
        page.find("heading", "Weather station (" + DEVICE + ")");
        await("the hub counts the page among " + DEVICE + "'s viewers").atMost(WAIT)
                .until(() -> viewers(DEVICE) >= 1);
        return page;
    }

    private int viewers(String name) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/devices")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonArray devices = Json.createReader(new StringReader(r.body())).readArray();
        return devices.stream().map(JsonValue::asJsonObject).filter(d -> name.equals(d.getString("name", "")))
                .mapToInt(d -> d.getInt("viewers", 0)).max().orElse(0);
    }

    @Test
    void theDeviceIsListedAsOnline() {
        DashboardPage page = DashboardPage.open(browser, base);
        WebElement entry = page.device(DEVICE, true);
        assertThat(entry.getAttribute("data-connected")).isEqualTo("true");
    }

    @Test
    void openingTheDeviceRendersItsComponents() {
        DashboardPage page = openTheDevice();
        page.awaitText(page.deviceStatus(), DEVICE + " is online");
        assertThat(page.find("status", "Temperature").getText()).isEqualTo("–");
        assertThat(page.find("meter", "Humidity").getAttribute("aria-valuemax")).isEqualTo("100");
        page.find("image", "Temperature (last 60)");
        assertThat(page.find("button", "Reset").isEnabled()).isTrue();
        assertThat(page.find("switch", "Fan").getAttribute("aria-checked")).isEqualTo("false");
        page.find("textbox", "Note");
        page.find("button", "Send Note");
        assertThat(page.find("note", "Unsupported component \"compass\" (dir)").isDisplayed()).isTrue();
        assertThat(page.device(DEVICE, true).getAttribute("aria-current")).isEqualTo("true");
    }

    @Test
    void anEmittedReadingUpdatesTheNumberTheGaugeAndTheChart() {
        DashboardPage page = openTheDevice();
        device.emit("{'temp':21.5,'hum':40}");
        page.awaitText(page.find("status", "Temperature"), "21.5 °C");
        WebElement humidity = page.find("meter", "Humidity");
        page.awaitAttribute(humidity, "aria-valuenow", "40");
        assertThat(humidity.getAttribute("aria-valuetext")).isEqualTo("40 %");
        WebElement chart = page.find("image", "Temperature (last 60)");
        page.awaitAttribute(chart, "data-points", "1");
        device.emit("{'temp':22}");
        page.awaitText(page.find("status", "Temperature"), "22 °C");
        page.awaitAttribute(chart, "data-points", "2");
        assertThat(humidity.getAttribute("aria-valuenow")).isEqualTo("40");
    }

    @Test
    void pressingResetSendsAnInputFrameToTheDevice() {
        DashboardPage page = openTheDevice();
        String client = page.client();
        page.find("button", "Reset").click();
        JsonObject input = device.awaitInput("reset", JsonValue.TRUE);
        assertThat(input.getString("from")).isEqualTo(client);
        assertThat(input.getJsonNumber("seq")).isNotNull();
        assertThat(input.getJsonObject("data")).isEqualTo(Json.createObjectBuilder()
                .add("id", "reset").add("value", true).build());
    }

    @Test
    void theToggleSendsTrueThenFalse() {
        DashboardPage page = openTheDevice();
        WebElement fan = page.find("switch", "Fan");
        fan.click();
        assertThat(device.awaitInput("fan", JsonValue.TRUE).getString("from")).isEqualTo(page.client());
        page.awaitAttribute(fan, "aria-checked", "true");
        fan.click();
        device.awaitInput("fan", JsonValue.FALSE);
        page.awaitAttribute(fan, "aria-checked", "false");
        // The device's own state, emitted under the toggle's id, is what the switch shows.
        device.emit("{'fan':true}");
        page.awaitAttribute(fan, "aria-checked", "true");
    }

    @Test
    void theTextFieldSendsItsText() {
        DashboardPage page = openTheDevice();
        page.find("textbox", "Note").sendKeys("window open");
        page.find("button", "Send Note").click();
        device.awaitInput("note", Json.createValue("window open"));
    }

    /** The README's demo end to end: the simulator on the Java client library, seen and driven from the page. */
    @Test
    void theWeatherStationSimulatorAppearsUpdatesLiveObeysResetAndGoesOffline() throws Exception {
        String name = "weather-it";
        DashboardPage page;
        try (WeatherStation station = new WeatherStation(Deployments.ws(base, "ws"), name, null)) {
            station.start().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            page = DashboardPage.open(browser, base);
            page.device(name, true).click();
            page.find("heading", "Weather station (" + name + ")");
            WebElement temperature = page.find("status", "Temperature");
            await("a reading from the simulator").atMost(WAIT)
                    .until(() -> temperature.getText().matches("-?\\d+(\\.\\d)? °C"));
            WebElement chart = page.find("image", "Temperature (last 60)");
            await("the chart grows with each reading").atMost(WAIT)
                    .until(() -> Integer.parseInt(chart.getAttribute("data-points")) >= 2);
            await("the hub counts the page as a viewer").atMost(WAIT).until(() -> viewers(name) >= 1);
            page.find("button", "Reset").click();
            await("the simulator obeyed reset").atMost(WAIT).until(() -> station.resets() == 1);
        }
        assertThat(page.device(name, false).getAttribute("data-connected")).isEqualTo("false");
    }

    @Test
    void theDeviceSayingByeShowsAsOffline() {
        DashboardPage page = openTheDevice();
        page.awaitText(page.deviceStatus(), DEVICE + " is online");
        device.bye();
        device = null;
        WebElement entry = page.device(DEVICE, false);
        assertThat(entry.getAttribute("data-connected")).isEqualTo("false");
        page.awaitText(page.deviceStatus(), DEVICE + " is offline. It went offline.");
    }
}
