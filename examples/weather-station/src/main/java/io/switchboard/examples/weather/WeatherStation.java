package io.switchboard.examples.weather;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A simulated weather station for the device dashboard (docs/dashboard.md), speaking the hub's
 * protocol over the JDK's WebSocket:
 *
 * <ul>
 *   <li>says {@code hello} as {@code kind:"device"} with its name and a stable client id, and after
 *       a drop reconnects with exponential backoff and jitter and resumes ({@code resume:{seq}});
 *   <li>acks every frame it processed;
 *   <li>publishes its view, retained, on {@code /devices/<name>/view} whenever it is welcomed;
 *   <li>emits {@code {"temp","hum","fan"}} every second (a smooth random walk);
 *   <li>obeys inputs {@code {"id":"reset"}} (readings back to the start values), {@code {"id":"fan",
 *       "value":true|false}} and {@code {"id":"note","value":"..."}}.
 * </ul>
 *
 * <pre>mvn -f examples/weather-station/pom.xml -q compile exec:java \
 *     -Dexec.args="--url ws://localhost:8080/ws --name weather-1 [--seconds 60]"</pre>
 */
public final class WeatherStation {
    private static final double START_TEMP = 21.0;
    private static final double START_HUM = 45.0;
    private static final long BACKOFF_BASE_MS = 500;
    private static final long BACKOFF_MAX_MS = 30_000;

    private final URI url;
    private final String name;
    private final String client;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weather-station");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random();
    private final CountDownLatch stopped = new CountDownLatch(1);

    // All the state below is touched only on the timer thread.
    private WebSocket socket;
    private boolean welcomed;
    private boolean hadSession;
    private long lastSeq;
    private int attempt;
    private boolean stopping;
    private double temp = START_TEMP;
    private double hum = START_HUM;
    private double tempDrift;
    private double humDrift;
    private boolean fan;

    WeatherStation(URI url, String name, String client) {
        this.url = url;
        this.name = name;
        this.client = client;
    }

    public static void main(String[] args) throws InterruptedException {
        String url = "ws://localhost:8080/ws";
        String name = "weather-1";
        String client = null;
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--url" -> url = required(a, v);
                case "--name" -> name = required(a, v);
                case "--client" -> client = required(a, v);
                case "--seconds" -> seconds = Long.parseLong(required(a, v));
                case "-h", "--help" -> {
                    System.out.println("usage: weather-station [--url ws://localhost:8080/ws] [--name weather-1]"
                            + " [--client <id>] [--seconds N]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + a + " (try --help)");
                    System.exit(2);
                }
            }
            i++;
        }
        // Stable across runs of the same name, so a restart within sessionTtl resumes the session's id.
        String id = client != null ? client
                : "ws-" + UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().substring(0, 18);
        WeatherStation station = new WeatherStation(URI.create(url), name, id);
        Runtime.getRuntime().addShutdownHook(new Thread(station::stop));
        station.start();
        if (seconds > 0) {
            if (!station.stopped.await(seconds, TimeUnit.SECONDS)) {
                station.stop();
            }
        } else {
            station.stopped.await();
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    void start() {
        log("station " + name + " (client " + client + ") → " + url);
        timer.execute(this::connect);
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Ends the session cleanly ({@code bye}, then close 1000). */
    void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        timer.execute(() -> {
            stopping = true;
            WebSocket ws = socket;
            if (ws != null && !ws.isOutputClosed()) {
                send(ws, Json.createObjectBuilder().add("op", "bye").build());
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                        .whenComplete((r, t) -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        try {
            done.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            // leaving anyway
        }
        log("stopped");
        stopped.countDown();
    }

    private void connect() {
        if (stopping) {
            return;
        }
        welcomed = false;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new Listener())
                .whenComplete((ws, error) -> timer.execute(() -> {
                    if (error != null) {
                        dropped("could not connect: " + rootMessage(error));
                        return;
                    }
                    socket = ws;
                    var hello = Json.createObjectBuilder().add("op", "hello").add("kind", "device")
                            .add("client", client).add("name", name);
                    if (hadSession) {
                        hello.add("resume", Json.createObjectBuilder().add("seq", lastSeq));
                    }
                    send(ws, hello.build());
                }));
    }

    private void dropped(String why) {
        socket = null;
        welcomed = false;
        if (stopping) {
            return;
        }
        long step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(attempt++, 16));
        long delay = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        log(why + "; reconnecting in " + delay + " ms");
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void receive(WebSocket ws, JsonObject frame) {
        if (ws != socket) {
            return;
        }
        String op = frame.getString("op", "");
        switch (op) {
            case "welcome" -> welcome(frame);
            case "input" -> input(frame);
            case "error" -> {
                JsonObject e = frame.getJsonObject("error");
                log("hub error " + (e == null ? frame : e.getString("code", "") + ": " + e.getString("message", "")));
            }
            default -> {
                // ok, pong, msg, ...: nothing to do but ack below
            }
        }
        if (frame.containsKey("seq") && frame.get("seq").getValueType() == JsonValue.ValueType.NUMBER) {
            long seq = frame.getJsonNumber("seq").longValue();
            if (seq > lastSeq) {
                lastSeq = seq;
                send(ws, Json.createObjectBuilder().add("op", "ack").add("seq", seq).build());
            }
        }
    }

    private void welcome(JsonObject frame) {
        boolean resumed = frame.getBoolean("resumed", false);
        if (!resumed) {
            lastSeq = 0;
        }
        hadSession = true;
        welcomed = true;
        attempt = 0;
        log((resumed ? "resumed" : "connected") + " as " + name);
        send(socket, Json.createObjectBuilder().add("op", "pub").add("ch", "/devices/" + name + "/view")
                .add("retain", true).add("data", view()).build());
        emitReadings();
    }

    private JsonObject view() {
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

    private static jakarta.json.JsonObjectBuilder component(String type, String id, String label) {
        return Json.createObjectBuilder().add("type", type).add("id", id).add("label", label);
    }

    private void input(JsonObject frame) {
        String from = frame.getString("from", "?");
        JsonValue raw = frame.get("data");
        if (raw == null || raw.getValueType() != JsonValue.ValueType.OBJECT) {
            log("input from " + from + " ignored: " + raw);
            return;
        }
        JsonObject data = raw.asJsonObject();
        String id = data.getString("id", "");
        JsonValue value = data.get("value");
        switch (id) {
            case "reset" -> {
                temp = START_TEMP;
                hum = START_HUM;
                tempDrift = 0;
                humDrift = 0;
                log("reset by " + from);
                emitReadings();
            }
            case "fan" -> {
                fan = value == JsonValue.TRUE;
                log("fan " + (fan ? "on" : "off") + " by " + from);
                emitReadings();
            }
            case "note" -> {
                String note = value != null && value.getValueType() == JsonValue.ValueType.STRING
                        ? ((jakarta.json.JsonString) value).getString() : String.valueOf(value);
                log("note from " + from + ": " + note);
                send(socket, Json.createObjectBuilder().add("op", "emit")
                        .add("data", Json.createObjectBuilder().add("note", note)).build());
            }
            default -> log("input from " + from + " ignored: " + data);
        }
    }

    /** One second of weather: a smooth random walk (the drift changes slowly), bounded. */
    private void tick() {
        if (stopping) {
            return;
        }
        tempDrift = clamp(tempDrift * 0.9 + random.nextGaussian() * 0.05 - (fan ? 0.02 : 0), -0.3, 0.3);
        humDrift = clamp(humDrift * 0.9 + random.nextGaussian() * 0.2, -1.5, 1.5);
        // A slight pull back to the start values keeps the walk near believable weather.
        temp = clamp(temp + tempDrift + (START_TEMP - temp) * 0.02, -20, 45);
        hum = clamp(hum + humDrift + (START_HUM - hum) * 0.02, 5, 100);
        emitReadings();
    }

    private void emitReadings() {
        if (!welcomed || socket == null) {
            return; // live readings: nothing worth queueing while offline
        }
        send(socket, Json.createObjectBuilder().add("op", "emit").add("data", Json.createObjectBuilder()
                .add("temp", round(temp)).add("hum", round(hum)).add("fan", fan)).build());
    }

    private void send(WebSocket ws, JsonObject frame) {
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        try {
            // One frame at a time: the JDK's WebSocket refuses a send while the previous one is pending.
            ws.sendText(frame.toString(), true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("send failed: " + rootMessage(e));
            ws.abort();
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void log(String text) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                timer.execute(() -> {
                    for (String line : text.split("\n")) {
                        if (!line.isBlank()) {
                            try {
                                receive(ws, Json.createReader(new StringReader(line)).readObject());
                            } catch (RuntimeException e) {
                                log("bad frame from the hub: " + line + " (" + e.getMessage() + ")");
                            }
                        }
                    }
                });
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            timer.execute(() -> {
                if (ws == socket) {
                    dropped("closed " + statusCode + (reason.isEmpty() ? "" : " " + reason));
                }
            });
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            timer.execute(() -> {
                if (ws == socket) {
                    dropped("connection failed: " + rootMessage(error));
                }
            });
        }
    }
}
