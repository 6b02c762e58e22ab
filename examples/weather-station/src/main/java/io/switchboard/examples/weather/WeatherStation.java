package io.switchboard.examples.weather;

import io.switchboard.client.DeviceInput;
import io.switchboard.client.HubClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated weather station for the device dashboard (docs/dashboard.md), on the Java client
 * library ({@link HubClient}: reconnects with backoff and jitter, resumes its session, acks):
 *
 * <ul>
 *   <li>connects as {@code kind:"device"} with its name and a client id stable across runs;
 *   <li>publishes its view, retained, on {@code /devices/<name>/view} whenever it gets a new session;
 *   <li>emits {@code {"temp","hum","fan"}} every second while connected ({@link Weather});
 *   <li>obeys the inputs {@code {"id":"reset"}}, {@code {"id":"fan","value":true|false}} and
 *       {@code {"id":"note","value":"..."}}.
 * </ul>
 *
 * <pre>bin/weather-station [--url ws://localhost:8080/ws] [--name weather-1] [--token T] [--seconds N]</pre>
 */
public final class WeatherStation implements AutoCloseable {
    private final String name;
    private final HubClient hub;
    private final Weather weather = new Weather(new Random());
    private final AtomicInteger resets = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weather-station");
        t.setDaemon(true);
        return t;
    });

    public WeatherStation(URI url, String name, String token) {
        this.name = name;
        this.hub = HubClient.builder(url).kind("device").name(name).client(stableClientId(name)).token(token)
                .onInput(this::input)
                .onReconnect(resumed -> {
                    log(resumed ? "resumed" : "reconnected with a new session");
                    if (!resumed) {
                        publishView();
                    }
                })
                .onDisconnect((code, reason) -> log("disconnected: " + code + (reason.isEmpty() ? "" : " " + reason)))
                .onConnectFailure(e -> log("could not connect: " + (e.getMessage() != null ? e.getMessage() : e.toString())))
                .build();
    }

    /** The same name gives the same client id, so a restart within the session TTL resumes. */
    static String stableClientId(String name) {
        return "ws-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 18);
    }

    /** Connects, publishes the view and starts the weather; completes once connected. */
    public CompletableFuture<WeatherStation> start() {
        log("station " + name + " → connecting");
        return hub.connect().thenApply(connected -> {
            log("connected as " + name);
            publishView();
            timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
            return this;
        });
    }

    /** How many "reset" inputs the station obeyed. */
    public int resets() {
        return resets.get();
    }

    /** Ends the session cleanly ({@code bye}). */
    @Override
    public void close() {
        timer.shutdownNow();
        hub.close();
        log("stopped");
    }

    private void publishView() {
        hub.publish("/devices/" + name + "/view", view(), true)
                .exceptionally(e -> { log("could not publish the view: " + e.getMessage()); return null; });
    }

    static JsonObject view() {
        return Json.createObjectBuilder()
                .add("title", "Weather station")
                .add("components", Json.createArrayBuilder()
                        .add(component("number", "temp", "Temperature").add("unit", "°C"))
                        .add(component("gauge", "hum", "Humidity").add("min", 0).add("max", 100).add("unit", "%"))
                        .add(component("chart", "temp", "Temperature (last 60)").add("unit", "°C"))
                        .add(component("button", "reset", "Reset"))
                        .add(component("toggle", "fan", "Fan"))
                        .add(component("text", "note", "Note")))
                .build();
    }

    private static JsonObjectBuilder component(String type, String id, String label) {
        return Json.createObjectBuilder().add("type", type).add("id", id).add("label", label);
    }

    private void tick() {
        weather.tick();
        emitReadings();
    }

    private void emitReadings() {
        if (hub.online()) { // live readings: not worth sending late
            hub.emit(weather.readings());
        }
    }

    private void input(DeviceInput in) {
        if (!(in.data() instanceof JsonObject data)) {
            log("input from " + in.from() + " ignored: " + in.data());
            return;
        }
        JsonValue value = data.get("value");
        switch (data.getString("id", "")) {
            case "reset" -> {
                weather.reset();
                resets.incrementAndGet();
                log("reset by " + in.from());
                emitReadings();
            }
            case "fan" -> {
                weather.fan(value == JsonValue.TRUE);
                log("fan " + (value == JsonValue.TRUE ? "on" : "off") + " by " + in.from());
                emitReadings();
            }
            case "note" -> {
                String note = value instanceof JsonString s ? s.getString() : String.valueOf(value);
                log("note from " + in.from() + ": " + note);
                hub.emit(Json.createObjectBuilder().add("note", note).build());
            }
            default -> log("input from " + in.from() + " ignored: " + data);
        }
    }

    private static void log(String text) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            return;
        }
        WeatherStation station = new WeatherStation(URI.create(o.url), o.name, o.token);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            station.close();
            stopped.countDown();
        }));
        station.start();
        if (o.seconds > 0) {
            stopped.await(o.seconds, TimeUnit.SECONDS);
            System.exit(0);
        }
        stopped.await();
    }

    /** The command line: {@code --url}, {@code --name}, {@code --token}, {@code --seconds}. */
    private record Options(String url, String name, String token, long seconds) {
        static Options parse(String[] args) {
            String url = "ws://localhost:8080/ws";
            String name = "weather-1";
            String token = null;
            long seconds = 0;
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> url = required(args[i], value);
                    case "--name" -> name = required(args[i], value);
                    case "--token" -> token = required(args[i], value);
                    case "--seconds" -> seconds = Long.parseLong(required(args[i], value));
                    case "-h", "--help" -> {
                        System.out.println("usage: weather-station [--url ws://localhost:8080/ws] [--name weather-1]"
                                + " [--token T] [--seconds N]");
                        return null;
                    }
                    default -> {
                        System.err.println("unknown argument " + args[i] + " (try --help)");
                        System.exit(2);
                    }
                }
            }
            return new Options(url, name, token, seconds);
        }

        private static String required(String option, String value) {
            if (value == null) {
                System.err.println(option + " needs a value");
                System.exit(2);
            }
            return value;
        }
    }
}
